"""Stage 8, batch: label files of any size — streamed in chunks, in order, on several processes or
a Dask cluster, crash-safe and resumable.
"""
