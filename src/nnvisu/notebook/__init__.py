"""The notebook face: the widget, its synced state, settings by Python name, fitting, data and the
scikit-learn estimators. Imports the core and the wire."""
