import pytest

from pmclassify.errors import InputError
from pmclassify.training import load_writeups, read_postings_csv, train_model


def test_writeups_ship_with_labels():
    ups = load_writeups()
    assert len(ups) >= 20
    assert {w.seniority for w in ups if w.is_pm} >= {"apm", "director", "vp", "cpo"}
    assert {w.specialization for w in ups if w.is_pm} >= {"core", "growth", "platform",
                                                          "innovation"}
    assert any(not w.is_pm for w in ups)


def test_train_on_tiny_csv(tiny_csv):
    model, report = train_model(tiny_csv)
    assert report.postings == 24
    assert report.role["pm"] >= 12 and report.role["not_pm"] >= 8
    assert set(model.specialization.classes_) >= {"growth", "pmm", "platform"}


def test_missing_column_lists_columns(tiny_csv):
    with pytest.raises(InputError, match="its columns are: id, title"):
        list(read_postings_csv(tiny_csv, text_column="body"))
