"""unspin: find and undo machine-spun text.

    >>> import unspin
    >>> report = unspin.analyze(text)
    >>> report.spun_score, report.label, report.findings
    >>> unspin.clean(text)     # safe repairs only: encoding, injected spam, repeats
    >>> unspin.restore(text)   # also puts back the likely original wording
"""

from .findings import KINDS, Finding, Report
from .lexicon import Lexicon, load_lexicon
from .pipeline import Options, analyze, clean, restore
from .spintable import SpinnerTable, load_table as load_spinner_table

__version__ = "0.1.0"

__all__ = ["KINDS", "Finding", "Lexicon", "Options", "Report", "SpinnerTable", "analyze", "clean",
           "load_lexicon", "load_spinner_table", "restore", "__version__"]
