"""asyncz, imported once; without it, a MissingDependency that names the extra."""

from lilya.exceptions import MissingDependency

try:
    from asyncz.schedulers import AsyncIOScheduler
    from asyncz.schedulers.types import SchedulerType
    from asyncz.triggers.types import TriggerType
    from asyncz.typing import Undefined, undefined
except ImportError as exc:  # pragma: no cover - exercised without the extra installed
    raise MissingDependency('lilya.contrib.schedulers needs asyncz: pip install "lilya-contrib[schedulers]"') from exc

__all__ = ["AsyncIOScheduler", "SchedulerType", "TriggerType", "Undefined", "undefined"]
