"""A stored table that Parquet reads but that breaks the contract is a damaged table: read_table raises
TableError, and the page rebuilds it instead of showing a traceback."""
import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from pipeline.table import TableError, events_to_frame, read_table

from conftest import REPO, seed_events
from conftest import stand_in  # noqa: F401  (fixture: the seed's hand-made events, a stand-in for pipeline.events)


def _int_actors(df):
    return df.assign(actors=list(range(len(df))))


def _aware_dates(df):
    return df.assign(date=pd.to_datetime(df["date"].astype(str)).dt.tz_localize("Europe/Berlin"))


def _far_future(df):
    return df.assign(date=pd.Series([np.datetime64(2 ** 62, "ms")] * len(df)))


OFF_CONTRACT = {"integer actors": _int_actors, "time-zone-aware date": _aware_dates, "far-future date": _far_future}


@pytest.mark.parametrize("damage", sorted(OFF_CONTRACT))
def test_off_contract_table_is_rebuilt_without_traceback(data_dir, stand_in, damage):  # noqa: F811
    path = data_dir / "events.parquet"
    OFF_CONTRACT[damage](events_to_frame(seed_events())).to_parquet(path, index=False)
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60).run()
    assert not at.exception, at.exception
    assert at.markdown[0].value == "7 von 7 Ereignissen"


def test_read_table_names_the_off_contract_column(tmp_path):
    path = tmp_path / "events.parquet"
    _int_actors(events_to_frame(seed_events())).to_parquet(path, index=False)
    with pytest.raises(TableError, match="column actors holds int"):
        read_table(path)
