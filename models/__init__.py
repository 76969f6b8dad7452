"""Package data: the shipped, versioned model (model.joblib + model.json)."""
