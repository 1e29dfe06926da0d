"""Corpus adapters: read documents from crawl files, run the core over them, write results.

- :mod:`.documents`: the ``Document`` record readers yield.
- :mod:`.readers`: ``iter_documents`` for JSONL (.gz/.zst), Parquet and WARC, with damage
  reported by file and position.
- :mod:`.shards`: splitting inputs into shards (files, byte ranges, row-group ranges).
- :mod:`.writers`: annotated records as JSONL(.gz) or Parquet, committed atomically.
- :mod:`.runner`: ``run_scan`` / ``run_shard``: the resumable, parallel job behind ``unspin scan``.
- :mod:`.ray_engine`: the same shard tasks on a Ray cluster.
- :mod:`.progress`: a progress bar on a terminal, log lines otherwise.
"""
