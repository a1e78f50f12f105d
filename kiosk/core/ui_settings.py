"""Settings of the patron screen (importable without Qt, so the config loader stays Qt-free)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class UiSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    language: Literal["zh_CN", "en"] = Field(
        "zh_CN", description="Language the home screen starts in: zh_CN or en."
    )
    theme: Literal["default", "high-contrast"] = Field(
        "default", description="Colour theme: default or high-contrast."
    )
    fullscreen: bool = Field(False, description="Fill the screen (a real kiosk) or a window.")
    window_width: int = Field(1280, ge=640, le=7680, description="Window width, in pixels.")
    window_height: int = Field(800, ge=480, le=4320, description="Window height, in pixels.")
    sound: bool = Field(True, description="Play sound cues for success and errors.")
