"""Readers and writers: every input format becomes ``Page`` records; articles go out as JSONL."""

from newsloom.io.readers import Skipped, read_inputs
from newsloom.io.writers import write_jsonl_atomic

__all__ = ["Skipped", "read_inputs", "write_jsonl_atomic"]
