"""`python -m bench`: the whole benchmark suite (see bench/runner.py)."""

import sys
import warnings

# asyncssh, imported through the test hosts' modules, warns about DSA on import.
warnings.filterwarnings("ignore", message="DSA is deprecated")

from bench.runner import main  # noqa: E402

sys.exit(main())
