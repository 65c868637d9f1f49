"""lilya.logging: the logger proxy, LoggingConfig validation, setup_logging."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any, cast

import pytest

from lilya.logging import LoggerProxy, LoggingConfig, StandardLoggingConfig, logger, setup_logging
from lilya.protocols.logging import LoggerProtocol


class Recorder:
    """A LoggerProtocol implementation that keeps what it was given."""

    def __init__(self) -> None:
        self.records: list[tuple[str, str]] = []

    def _log(self, level: str, msg: str) -> None:
        self.records.append((level, msg))

    def debug(self, msg: str, *args: Any, **kwargs: Any) -> None:
        self._log("debug", msg)

    def info(self, msg: str, *args: Any, **kwargs: Any) -> None:
        self._log("info", msg)

    def warning(self, msg: str, *args: Any, **kwargs: Any) -> None:
        self._log("warning", msg)

    def error(self, msg: str, *args: Any, **kwargs: Any) -> None:
        self._log("error", msg)

    def critical(self, msg: str, *args: Any, **kwargs: Any) -> None:
        self._log("critical", msg)

    def exception(self, msg: str, *args: Any, **kwargs: Any) -> None:
        self._log("exception", msg)


class RecorderConfig(LoggingConfig):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.recorder = Recorder()
        self.configured = 0

    def configure(self) -> None:
        self.configured += 1

    def get_logger(self) -> Any:
        return self.recorder


@pytest.fixture(autouse=True)
def _unbind() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    cast(LoggerProxy, logger).bind_logger(None)
    root.handlers[:] = handlers
    root.setLevel(level)


def test_unbound_proxy_writes_to_the_lilya_std_logger(caplog: pytest.LogCaptureFixture) -> None:
    root_handlers = list(logging.getLogger().handlers)
    with caplog.at_level(logging.INFO, logger="lilya"):
        logger.info("hello from lilya")
    assert [(r.name, r.getMessage()) for r in caplog.records] == [("lilya", "hello from lilya")]
    assert logging.getLogger().handlers == root_handlers  # nothing configured behind our back


def test_setup_logging_binds_a_custom_backend() -> None:
    config = RecorderConfig(level="INFO")
    setup_logging(config)
    logger.warning("careful")
    logger.exception("boom")
    assert config.recorder.records == [("warning", "careful"), ("exception", "boom")]
    assert config.configured == 1
    assert isinstance(config.recorder, LoggerProtocol)


def test_skip_setup_configure() -> None:
    config = RecorderConfig(skip_setup_configure=True)
    setup_logging(config)
    assert config.configured == 0
    logger.info("still bound")
    assert config.recorder.records == [("info", "still bound")]


def test_setup_logging_rejects_other_objects() -> None:
    with pytest.raises(ValueError, match="instance of LoggingConfig"):
        setup_logging(object())  # type: ignore[arg-type]


def test_level_is_validated() -> None:
    with pytest.raises(AssertionError, match="'LOUD' is not a valid logging level"):
        StandardLoggingConfig(level="LOUD")
    assert StandardLoggingConfig(level="warning").level == "WARNING"


def test_standard_config_configures_the_root_logger() -> None:
    config = StandardLoggingConfig(level="ERROR", name="lilya.tests")
    assert config.config["root"]["level"] == "ERROR"
    setup_logging(config)
    assert logging.getLogger().level == logging.ERROR
    assert cast(LoggerProxy, logger)._logger is logging.getLogger("lilya.tests")


def test_custom_dict_config_is_used() -> None:
    custom = {"version": 1, "disable_existing_loggers": False, "root": {"level": "CRITICAL"}}
    config = StandardLoggingConfig(config=custom)
    assert config.config is custom
    config.configure()
    assert logging.getLogger().level == logging.CRITICAL


def test_base_configure_must_be_implemented() -> None:
    class OnlyLogger(LoggingConfig):
        def get_logger(self) -> Any:
            return Recorder()

    with pytest.raises(NotImplementedError):
        OnlyLogger().configure()
    with pytest.raises(TypeError):
        LoggingConfig()  # type: ignore[abstract]


def test_settings_logging_config_follows_logging_level() -> None:
    from lilya.conf.global_settings import Settings

    config = Settings(logging_level="WARNING").logging_config
    assert isinstance(config, StandardLoggingConfig)
    assert config.level == "WARNING"
