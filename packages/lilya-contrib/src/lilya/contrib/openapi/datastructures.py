"""``OpenAPIResponse``: an additional documented response of an operation."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, field_validator

from lilya.enums import MediaType
from lilya.exceptions import Doc

__all__ = ["Doc", "MediaType", "OpenAPIResponse"]

ModelType = type[BaseModel] | list[type[BaseModel]] | type[Any] | list[type[Any]]


class OpenAPIResponse(BaseModel):
    """A documented response: its model (or ``[Model]`` for an array of it) and description.

    ``OpenAPIResponse(model=Error, description="Not found")``; ``model=[Item]`` documents a list.
    """

    model: ModelType
    description: str = "Additional response"
    media_type: MediaType | str = MediaType.JSON
    status_text: str | None = None

    @field_validator("model", mode="before")
    @classmethod
    def validate_model(cls, model: ModelType) -> ModelType:
        if isinstance(model, (list, tuple)) and len(model) != 1:
            raise ValueError(
                "A list or tuple of models documents an array of ONE model: OpenAPIResponse(model=[MyModel])."
            )
        return model
