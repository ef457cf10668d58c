// @ts-check
/**
 * What a training request costs its host, in multiply-adds: the same terms as nnvisu/work.py,
 * priced by the cost table the host sends with its limits (`workCosts`). The app sizes its
 * requests within the host's `maxWork` with it. A host without a table counts multiply-adds
 * only (steps x batch x parameters).
 */

/**
 * @typedef {object} Priced the settings a request's cost depends on
 * @property {number[]} architecture
 * @property {string} activation
 * @property {string} optimizer
 * @property {number} l1
 * @property {number} l2
 * @property {number} batchSize
 * @property {number} dropout
 */

/**
 * Points in one training step: all training points for batch size 0, else the batch.
 * @param {number} trainCount
 * @param {number} batchSize
 */
export function batchPoints(trainCount, batchSize) {
  return batchSize > 0 && batchSize < trainCount ? batchSize : trainCount;
}

/**
 * How many of each cost a request has: `step_*` terms per step, `call_*` once.
 * @param {Priced} config
 * @param {number} trainPoints
 * @param {number} allPoints
 * @returns {Record<string, number>}
 */
export function workTerms(config, trainPoints, allPoints) {
  const arch = config.architecture;
  const layers = arch.length - 1;
  const hidden = arch.slice(1, -1).reduce((s, n) => s + n, 0);
  const neurons = hidden + arch[layers];
  const params = arch.slice(1).reduce((s, n, i) => s + n * (arch[i] + 1), 0);
  const batch = batchPoints(trainPoints, config.batchSize);
  const sampled = batch < trainPoints;
  /** @type {Record<string, number>} */
  const terms = {
    step_multiply_adds: batch * params,
    [`step_${config.optimizer}`]: 1,
    step_per_layer: layers,
    step_element: batch * neurons,
    step_sampled: sampled ? 1 : 0,
    step_sampled_point: sampled ? trainPoints : 0,
    step_regularized_layer: layers * ((config.l1 > 0 ? 1 : 0) + (config.l2 > 0 ? 1 : 0)),
    call: 1,
    call_per_layer: layers,
    call_multiply_adds: allPoints * params,
    call_element: allPoints * neurons,
  };
  if (config.activation !== "linear") {
    terms[`step_${config.activation}`] = layers - 1;
    terms[`step_${config.activation}_element`] = batch * hidden;
  }
  if (config.dropout > 0) {
    terms.step_dropout = layers - 1;
    terms.step_dropout_element = batch * hidden;
  }
  return terms;
}

/**
 * The cost of one call and of each step.
 * @param {Record<string, number> | undefined} costs the host's `workCosts`
 * @param {Priced} config
 * @param {number} trainPoints
 * @param {number} allPoints
 * @returns {{call: number, step: number}}
 */
export function workPrice(costs, config, trainPoints, allPoints) {
  const table = costs ?? { step_multiply_adds: 1 };
  let call = 0;
  let step = 0;
  for (const [name, count] of Object.entries(workTerms(config, trainPoints, allPoints))) {
    const cost = (table[name] ?? 0) * count;
    if (name.startsWith("step")) step += cost;
    else call += cost;
  }
  return { call, step };
}

/**
 * The most steps one request may run within `maxWork` (at least 1: the host names the limit
 * if even one is too many).
 * @param {number} maxWork
 * @param {Record<string, number> | undefined} costs
 * @param {Priced} config
 * @param {number} trainPoints
 * @param {number} allPoints
 */
export function maxStepsWithin(maxWork, costs, config, trainPoints, allPoints) {
  const { call, step } = workPrice(costs, config, trainPoints, allPoints);
  return Math.max(1, Math.floor((maxWork - call) / Math.max(1, step)));
}
