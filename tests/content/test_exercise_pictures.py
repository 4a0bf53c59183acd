"""Every exercise picture teaches the movement: a start and an end frame, the moving part in the
accent colour, one figure throughout, rendered non-blank, safe to inline, described in words."""

from __future__ import annotations

import importlib
import io
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import cairosvg
import numpy
import pytest
from PIL import Image

from backcare.domain.content import CONTENT_DIR
from backcare.domain.exercises import Exercise, exercises

ITEMS = list(exercises().values())
SLUGS = [item.slug for item in ITEMS]
ILLUSTRATIONS = CONTENT_DIR / "exercises" / "illustrations"
TOOLS = Path(__file__).resolve().parents[2] / "tools"
NS = {"svg": "http://www.w3.org/2000/svg"}
ACCENT = "#e8590c"
ACCENT_RGB = (0xE8, 0x59, 0x0C)
HEAD_RADIUS = "8.5"

# The word in each alt text that names what moves between the start and the end frame.
MOVEMENT = {
    "bird-dog": "reaching one arm",
    "body-scan": "moving slowly up",
    "bridge": "lifting the hips",
    "brisk-walk": "stepping it forward",
    "cat-cow": "rounding the back",
    "childs-pose": "sitting the hips back",
    "clamshells": "lifting the top knee",
    "daily-walk": "stepping it forward",
    "dead-bug": "lowering one arm",
    "diaphragmatic-breathing": "belly rises",
    "doorway-chest-stretch": "leaning forward",
    "easy-walk": "stepping it forward",
    "figure-four-stretch": "drawing both legs",
    "foam-roller-thoracic": "upper back bend",
    "glute-squeeze": "squeezing",
    "hamstring-stretch-seated": "leaning forward",
    "hamstring-stretch-supine": "drawing the leg",
    "hip-flexor-stretch-half-kneeling": "shifting the hips forward",
    "hip-flexor-stretch-standing": "shifting the hips forward",
    "knee-rocking": "knees sway",
    "knee-to-chest": "hugging one knee",
    "open-book-rotation": "opening the top arm",
    "pelvic-tilts": "tilting the pelvis",
    "pigeon-pose": "folding that shin",
    "press-up-prone-extension": "pressing up",
    "progressive-muscle-relaxation": "relax open",
    "seated-side-bend": "leaning to the other side",
    "seated-twist": "turning the shoulders",
    "side-plank-knees": "lifting the hips",
    "side-plank-rotation": "threading that arm",
    "side-plank": "lifting the hips",
    "single-leg-bridge": "lifting the hips",
    "sit-to-stand": "standing up",
    "slow-exhale-breathing": "breathing out",
    "standing-childs-pose": "bending forward",
    "thoracic-extension-chair": "leaning the upper back",
    "thread-the-needle": "sliding one arm",
    "walking-break": "walking away",
    "wall-angels": "sliding the arms up",
    "wall-sit": "sliding down",
}


def _root(item: Exercise) -> ET.Element:
    return ET.parse(ILLUSTRATIONS / item.illustration).getroot()


def _frame(root: ET.Element, name: str) -> ET.Element:
    found = root.find(f".//svg:g[@id='{name}']", NS)
    assert found is not None, f"no <g id='{name}'> frame"
    return found


def _render(svg: str) -> Image.Image:
    png = cairosvg.svg2png(bytestring=svg.encode(), output_width=356)
    return Image.open(io.BytesIO(png)).convert("RGBA")


def _ink_pixels(image: Image.Image, left: int, right: int) -> tuple[int, int]:
    """Figure pixels (dark ink or accent; not the pale floor, mat or props) and accent pixels."""
    pixels = numpy.asarray(image, dtype=numpy.int32)[30:, left:right]  # below the number badge
    opaque = pixels[..., 3] > 200
    rgb = pixels[..., :3]
    ink = opaque & (rgb.sum(axis=-1) < 450)
    accent = opaque & (numpy.abs(rgb - ACCENT_RGB).sum(axis=-1) < 40)
    return int(ink.sum()), int(accent.sum())


def test_every_exercise_has_a_movement_word() -> None:
    assert set(MOVEMENT) == set(SLUGS)


@pytest.mark.parametrize("item", ITEMS, ids=SLUGS)
def test_the_picture_parses_and_has_a_title(item: Exercise) -> None:
    root = _root(item)
    title = root.find("svg:title", NS)
    assert title is not None
    assert (title.text or "").strip() == item.alt
    assert (ILLUSTRATIONS / item.illustration).stat().st_size < 6 * 1024


@pytest.mark.parametrize("item", ITEMS, ids=SLUGS)
def test_the_picture_has_a_start_and_an_end_frame_side_by_side(item: Exercise) -> None:
    root = _root(item)
    start, end = _frame(root, "start"), _frame(root, "end")
    start_x = float(re.findall(r"-?[\d.]+", start.get("transform", "translate(0 0)"))[0])
    end_x = float(re.findall(r"-?[\d.]+", end.get("transform", "translate(0 0)"))[0])
    view_width = float(root.get("viewBox", "0 0 0 0").split()[2])
    assert start_x < view_width / 2 <= end_x


@pytest.mark.parametrize("item", ITEMS, ids=SLUGS)
def test_the_moving_part_is_drawn_in_the_accent_colour(item: Exercise) -> None:
    end = _frame(_root(item), "end")
    painted = {el.get("stroke") for el in end.iter()} | {el.get("fill") for el in end.iter()}
    assert ACCENT in painted


@pytest.mark.parametrize("item", ITEMS, ids=SLUGS)
def test_one_figure_with_the_same_head_in_every_picture(item: Exercise) -> None:
    root = _root(item)
    for name in ("start", "end"):
        heads = [
            c
            for c in _frame(root, name).iter(f"{{{NS['svg']}}}circle")
            if c.get("r") == HEAD_RADIUS
        ]
        assert len(heads) == 1, f"{name} frame should draw exactly one head"
    widths = {el.get("stroke-width") for el in root.iter() if el.get("stroke") == "#1f4e5f"}
    assert widths <= {"11", "8", "7", "6", "3", "1.5"}, widths


def _frame_pixels(svg: str) -> dict[str, tuple[int, int]]:
    image = _render(svg)
    half = image.width // 2
    return {
        "start": _ink_pixels(image, 0, half - 10),
        "end": _ink_pixels(image, half + 10, image.width),
    }


@pytest.mark.parametrize("item", ITEMS, ids=SLUGS)
def test_both_frames_render_to_a_visible_figure(item: Exercise) -> None:
    counts = _frame_pixels((ILLUSTRATIONS / item.illustration).read_text(encoding="utf-8"))
    for name, (ink, _) in counts.items():
        assert ink > 500, f"{name} frame is nearly blank ({ink} figure pixels)"
    assert counts["end"][1] > 40, "the end frame shows no accent-coloured moving part"


@pytest.mark.parametrize("item", ITEMS, ids=SLUGS)
def test_nothing_is_drawn_outside_the_two_panels(item: Exercise) -> None:
    image = _render((ILLUSTRATIONS / item.illustration).read_text(encoding="utf-8"))
    painted = numpy.asarray(image)[..., 3] > 30
    ys, xs = numpy.mgrid[0 : image.height, 0 : image.width]
    half = image.width / 2
    in_panels = ((xs < half - 10) | (xs >= half + 10)) & (ys >= 2) & (ys < image.height - 2)
    in_next_arrow = (xs - half) ** 2 + (ys - image.height / 2) ** 2 <= 13**2
    assert not (painted & ~in_panels & ~in_next_arrow).any()


def test_the_render_check_notices_a_missing_figure() -> None:
    svg = (ILLUSTRATIONS / "bridge.svg").read_text(encoding="utf-8")
    end = svg.index('<g id="end"')
    figure = svg.index("<g transform", end)
    stripped = svg[:figure] + re.sub(r"^<g transform.*?</g>", "", svg[figure:], count=1)
    assert _frame_pixels(svg)["end"][0] > 500
    assert _frame_pixels(stripped)["end"][0] < 100


@pytest.mark.parametrize("item", ITEMS, ids=SLUGS)
def test_the_picture_contains_no_script_link_or_raster(item: Exercise) -> None:
    text = (ILLUSTRATIONS / item.illustration).read_text(encoding="utf-8")
    without_namespace = text.replace('xmlns="http://www.w3.org/2000/svg"', "")
    for banned in (
        "<script",
        "href",
        "url(",
        "http",
        "data:",
        "<image",
        "<foreignObject",
        "<style",
    ):
        assert banned not in without_namespace, f"{item.illustration} contains {banned!r}"
    assert not re.search(r"\son[a-z]+\s*=", without_namespace), "an event attribute"


@pytest.mark.parametrize("item", ITEMS, ids=SLUGS)
def test_the_alt_text_describes_the_movement_from_start_to_end(item: Exercise) -> None:
    assert ", then " in item.alt, "say the start position, then what changes"
    assert MOVEMENT[item.slug] in item.alt
    assert len(item.alt) < 200


def _generator() -> ModuleType:
    sys.path.insert(0, str(TOOLS))
    try:
        return importlib.import_module("draw_exercises")
    finally:
        sys.path.remove(str(TOOLS))


@pytest.mark.parametrize("item", ITEMS, ids=SLUGS)
def test_the_committed_picture_is_what_the_generator_draws(item: Exercise) -> None:
    # Pictures are changed in tools/exercise_poses_*.py and redrawn, so all 40 stay one style.
    draw = _generator()
    drawn = draw.render(item.slug, draw.EXERCISES[item.slug], item.alt)
    assert (ILLUSTRATIONS / item.illustration).read_text(encoding="utf-8") == drawn


def test_each_pregnancy_drawing_is_what_the_generator_draws_with_its_cautions_alt() -> None:
    draw = _generator()
    assert draw.PREGNANCY_EXERCISES  # pelvic tilts against a wall, the bridge on pillows
    for stem, (slug, condition, spec) in draw.PREGNANCY_EXERCISES.items():
        caution = exercises()[slug].caution_for(condition)
        assert caution is not None
        assert caution.illustration == f"{stem}.svg"
        drawn = draw.render(stem, spec, caution.alt)
        assert (ILLUSTRATIONS / f"{stem}.svg").read_text(encoding="utf-8") == drawn
        assert ", then " in caution.alt
