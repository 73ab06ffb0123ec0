"""Scale-out: the per-article extraction mapped over input partitions by Dask distributed
workers (``run``), written as partitioned Parquet with the export's schema, and merged into a
corpus database (``load``)."""
from .load import LoadSummary, load
from .plan import DEFAULT_SIZE, Partition, plan
from .runner import RunReport, connect, run

__all__ = ["DEFAULT_SIZE", "LoadSummary", "Partition", "RunReport", "connect", "load", "plan",
           "run"]
