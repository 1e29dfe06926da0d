"""Corpus adapters: read documents from crawl files, run the core over them, write results."""
