"""Batch: the same pure steps on Apache Spark (pyspark imported only in batch/spark.py)."""
