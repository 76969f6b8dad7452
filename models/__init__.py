"""Package data: the shipped, versioned model (model.pkl.gz + model.json)."""
