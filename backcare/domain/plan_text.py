"""Every sentence the plan engine shows people, in one place for clinical review.

Wording only: which sentence is used when is decided in plan_rules.py, plan_sections.py
and progression.py. All text is our own; references name the sources behind the advice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from backcare.domain.plan_model import Advice
from backcare.domain.stop_rules import EVERYONE

FACTOR_PHRASES: Mapping[str, str] = {
    "stress_anxiety": "stress or anxiety may be keeping your muscles tense",
    "sedentary": "long spells of sitting or lying still may be stiffening your back",
    "deconditioning": "reduced strength or fitness may be making your back work harder",
    "overuse": "overuse or strain may be contributing",
    "sleep_position": "your sleeping position may be straining your back",
    "poor_sleep": "poor sleep and pain may be feeding each other",
    "dehydration": "being short of fluid may make spasms likelier",
    "inflammatory_features": "some of your answers fit a pattern seen in inflammatory back pain",
    "widespread_pain": "you have pain in many areas of your body",
    "age_stiffness": "your back is stiff after a night's rest, and moving usually eases it",
    "pregnancy_pgp": "pain in the pelvis, common in pregnancy, may be contributing",
}
GOAL_PHRASES: Mapping[str, str] = {
    "move_easier": "move more easily",
    "less_stiffness": "feel less stiff",
    "stronger_back": "build a stronger back",
    "less_stress": "feel less stressed",
    "walk_further": "walk further",
    "sleep_better": "sleep better",
    "fewer_spasms": "have fewer spasms",
}
RULE_PHRASES: Mapping[str, str] = {
    "baseline": "guidelines advise it for most people with back pain",
    # Guidelines do not advise relaxation for everyone: chosen when nothing else calls for it,
    # it is not said to be what they advise.
    "relaxation": "it is a calm, low-risk way to ease tension (not well tested for back pain)",
    "startback_high": (
        "your STarT Back answers suggest worry or low mood may be holding recovery back"
    ),
    "sleep_preference": "of how you told us you sleep",
    "toolbox": "you pinned it as something that helps you",
    "flare": "it is gentle enough for a flare",
    # The first days of a new back pain (plan_rules.FIRST_DAYS): the routine's moves.
    "first_days": (
        "your back pain began only days ago, and gentle movement helps new back pain more "
        "than resting does"
    ),
    # The back check's question on work (plan_rules.WORK_REASONS).
    "work_hard": "you told us your back is making work hard",
    "off_work": "you told us you are off work because of your back",
}
GENTLE_PHRASES: Mapping[str, str] = {
    "triage_soon": "your answers suggest seeing a clinician in the next few days",
    "acute_flare": "you are in a flare",
    "high_pain": "your pain is high right now (7 or more out of 10)",
    "clinician_check": "a clinician has checked your warning signs and said self-care is fine",
}
#: Said after why an item of a gentle plan was chosen: "Kept gentle because" the plan's
#: reason (``GENTLE_PHRASES``), or words of its own where that would read oddly item by item.
KEPT_GENTLE: Mapping[str, str] = {
    "clinician_check": "Kept gentle while you recover, after your clinician's check.",
}


@dataclass(frozen=True)
class StopLine:
    """A "when to get help" line that lists several signs, each tagged with the findings it
    names, so that a sign the person already has at its level or a more urgent one can be
    left out of it (``own_signs.generic_stop_rules``): "Your own warning signs" says it once,
    and the list must never give it a later timeframe than their own result does."""

    lead: str  # "See a clinician in the next few days if "
    signs: tuple[tuple[str, tuple[str, ...]], ...]  # (words, finding ids)
    level: Literal["urgent", "soon"]
    references: tuple[str, ...]

    def advice(self, without: frozenset[str] = frozenset()) -> Advice:
        """The line, leaving out each sign that names one of the findings ``without``."""
        kept = [words for words, ids in self.signs if not without.intersection(ids)]
        listed = kept[0] if len(kept) == 1 else ", ".join(kept[:-1]) + ", or " + kept[-1]
        return Advice(f"{self.lead}{listed}.", self.level, self.references)

    def names(self, findings: frozenset[str]) -> bool:
        """Whether every sign of the line names one of ``findings`` (nothing left to say)."""
        return all(findings.intersection(ids) for _, ids in self.signs)


URGENT_SIGNS = StopLine(
    "Speak to a clinician today if your back pain comes with ",
    (
        ("a high temperature on its own", ("fever",)),
        ("new weakness in a leg on its own", ("leg_weakness",)),
        ("pain so bad you cannot stand or walk", ("cannot_stand_or_walk",)),
        ("weight loss you cannot explain", ("weight_loss",)),
        ("pain clearly worse when you cough or sneeze", ("worse_cough_sneeze_strain",)),
        ("a hard fall, collision or blow before it began", ("injury_mechanism",)),
        ("a history of cancer", ("cancer_history",)),
    ),
    "urgent",
    ("nhs-back-pain", "nice-ng59", "gcare-back-pain"),
)
SOON_SIGNS = StopLine(
    "See a clinician in the next few days if ",
    (
        ("a leg goes numb or tingly", ("numbness_tingling",)),
        ("pain spreads down a leg", ("pain_spreading_down_leg",)),
        ("pain is worse at night", ("pain_not_eased_by_rest",)),
        ("pain sits between the shoulder blades", ("thoracic_pain",)),
        (
            "spasms last more than a week or keep coming back despite rest",
            ("keeps_returning_despite_rest",),
        ),
        ("you are not clearly better after 4-6 weeks", ()),
    ),
    "soon",
    ("pengel-2003", "menezes-costa-2012", "nhs-back-pain"),
)

#: Said where today's routine would be (home, the plan, a session's start) when every
#: exercise of it was swapped out or ruled out.
NO_EXERCISES_LEFT = (
    "No exercises are left in your routine: each was swapped or ticked as one you can't do. "
    "Untick some, or add kit or time, and your plan finds exercises that fit."
)

#: When to stop an exercise: said on a plan with exercises, left out of a plan paused for care
#: (``presenting.shown_stop_rules``), which has none. Everyone's rule, in the words a guided
#: session says it; ``plans.stop_rules_for`` puts the person's own in its place (worded for
#: pain that already spreads into a leg: ``stop_rules.stop_rule_for``).
EXERCISE_STOP = EVERYONE.advice()

#: Thoughts of self-harm: everyone's line; ``plans.stop_rules_for`` adds the lines for young
#: people the person is shown wherever crisis lines are (``CrisisMessage.youth``).
CRISIS_STOP = Advice(
    "If you have thoughts of harming yourself, call {emergency_number} now, or {crisis_lines}.",
    "emergency",
    # Place-neutral, as the words are where the place is not known; a known place's own
    # sources are added beside it (``plans.stop_rules_for``).
    ("crisis-find-a-helpline",),
)

STOP_RULES: tuple[Advice, ...] = (
    Advice(
        "Call {emergency_number} now if you get numbness around your genitals, back passage "
        "or buttocks, new trouble passing urine, loss of bladder or bowel control, pain, "
        "numbness or weakness in both legs, weakness that is getting worse, or a fever with "
        "new numbness or weakness in a leg, or if back pain comes with chest pain, a sudden "
        "tearing pain, fainting or collapse, or started after a serious accident.",
        "emergency",
        ("girft-ces-2023", "nice-ng59", "nhs-back-pain", "gcare-back-pain"),
    ),
    CRISIS_STOP,
    URGENT_SIGNS.advice(),
    EXERCISE_STOP,
    SOON_SIGNS.advice(),
)

#: Where to get care, by triage level. The paused plan's notices (emergency, urgent) name the
#: services of the person's place through place words (``phones.for_place``), and are read
#: through ``plan_rules.care_advice_for_place`` wherever a plan is shown, so a stored plan,
#: whatever words it was stored with, names the person's own numbers.
CARE_ADVICE: Mapping[str, Advice] = {
    "emergency": Advice(
        "Your answers include a warning sign that needs help now: {emergency_help}. The "
        "exercise plan is paused until a clinician has seen you.",
        "emergency",
        ("nice-ng59", "girft-ces-2023", "nhs-back-pain"),
    ),
    "urgent": Advice(
        "Your answers include a sign that a clinician should check today: contact your doctor "
        "or an urgent care service, or call {urgent_line}. The exercise plan is paused until a "
        "clinician has seen you.",
        "urgent",
        ("nice-ng59", "nhs-back-pain"),
    ),
    "soon": Advice(
        "Please book to see a clinician in the next few days. Until then, this plan keeps to "
        "gentle, flare-safe movement.",
        "soon",
        ("nice-ng59", "nhs-back-pain"),
    ),
    # self_care opens with what usually happens at this stage of the episode: SELF_CARE.
}
#: A "see a clinician soon" answer that asks for a review but not for gentler exercise
#: (plan_rules.REVIEW_ONLY_RULES): the same deadline, without "keeps to gentle movement".
SOON_REVIEW = Advice(
    "Please book to see a clinician in the next few days, to review how this is going.",
    "soon",
    ("nice-ng59", "nhs-back-pain"),
)
#: The self-care plan's opening line, by the stage the episode has reached (course.toml's
#: stages: under 6 weeks, 6 to 12 weeks, over 12 weeks), counting from when the pain began:
#: how long it had lasted at the back check plus the time since (``planning.episode_stage``),
#: never the weeks of the plan, which start again with a new back check.
#: Facts and sources as in course.toml's stages.
SELF_CARE: Mapping[str, Advice] = {
    "acute": Advice(
        "New back pain usually improves a lot within the first month or so, though it can "
        "take longer and often comes back for a while. Keep moving, and check in each day so "
        "changes are noticed early.",
        "info",
        ("pengel-2003", "menezes-costa-2012"),
    ),
    "subacute": Advice(
        "Back pain of 6 to 12 weeks is often still improving, more slowly, levelling off at "
        "around three months; building up activity step by step gives the best chance of more.",
        "info",
        ("pengel-2003", "menezes-costa-2012", "devon-lbp-pathway"),
    ),
    "persistent": Advice(
        "Back pain past 12 weeks eases more slowly, with ups and downs; many people still "
        "improve, and exercise and pacing help more than rest.",
        "info",
        ("menezes-costa-2012", "nice-ng59"),
    ),
}
#: A gentle plan's "when to see a clinician" for a flare or high pain. Not for a plan kept
#: gentle by a "see a clinician soon" answer: its care advice already gives the one deadline.
GENTLE_SAFETY_NET = "See a clinician if this does not settle within a week"
#: Plan items that are a course given by a clinician, not something to do each day: shown
#: apart, as something to ask a clinician about.
ASK_A_CLINICIAN_INTRO = "Not a daily task: ask your doctor or physiotherapist about it."
EXTRA_ADVICE: Mapping[str, Advice] = {
    "startback_high": Advice(
        "Your answers suggest that worry, low mood or fear of movement may be slowing recovery. "
        "Ask your doctor or physiotherapist about a programme that combines exercise with a "
        "psychological approach; NICE recommends this combination in your situation.",
        "info",
        ("nice-ng59", "hill-2011-startback-trial"),
    ),
    "startback_medium": Advice(
        "Your answers suggest you may recover faster with support from a physiotherapist; "
        "it is worth asking your doctor about a referral.",
        "info",
        ("nice-ng59", "hill-2011-startback-trial"),
    ),
    "inflammatory_features": Advice(
        "Some of your answers fit a pattern sometimes seen in inflammatory back pain. This is "
        "not a diagnosis, but it is worth asking your doctor about; they may suggest a blood "
        "test or a rheumatology referral.",
        "soon",
        ("nice-ng65",),
    ),
    "widespread_pain": Advice(
        "You have pain in many parts of your body. It is worth mentioning to a clinician, who "
        "can check for conditions such as fibromyalgia that have their own support.",
        "info",
        ("macfarlane-2017-eular-fm",),
    ),
    "pregnancy": Advice(
        "You told us you are or could be pregnant: the plan leaves out movements to avoid in "
        "pregnancy. Check with your midwife or doctor before starting new exercise.",
        "info",
        ("acog-2020", "nhs-pregnancy-back-pain"),
    ),
    "recent_surgery": Advice(
        "You told us you had recent surgery: follow your surgical team's advice first and check "
        "this plan with them.",
        "info",
        (),
    ),
}


# --- leg pain or heaviness on walking that sitting or bending forward eases ---
# (plan_rules.walks_in_spells; general pacing advice under the walking item's own references,
# listed for clinical sign-off in docs/clinical-content.md)

WALK_IN_SPELLS = (
    "Walk until your legs start to feel heavy or painful, then stop and sit down, or lean "
    "forward on a rail, a bench or a trolley, until it eases; then walk on."
)
#: Said of an exercise a plan prefers because it bends forward (plan_rules.prefers_bending_forward).
BENDS_FORWARD = (
    "Picked ahead of moves that arch the back, because you told us that sitting or bending "
    "forward eases your legs."
)

# --- flare protocol ---

FLARE_STEPS_TOOLBOX = "Start with your toolbox: the movements you have found help you."
FLARE_STEPS = (
    "Keep moving gently, little and often; short walks around the house beat lying still.",
    "Use warmth for 15-20 minutes at a time to help the muscles let go.",
    "Breathe slowly with a long out-breath to ease the bracing.",
    "As it settles, go back to your routine using the easier versions for a few days.",
    "See a clinician if a spasm lasts more than a week, keeps coming back despite rest or "
    'spreads into a leg or buttock; get help at once for any warning sign under "When to stop '
    'and get help".',
)

# --- progression (one sentence per change) ---

STEP_BACK = (
    "On {days} after {name} your pain rose more than 2 points above usual or had not "
    "settled by the next morning, so it steps back to {other}."
)
EASE_OFF = (
    "On {days} your pain rose more than 2 points above usual or had not settled by the next "
    "morning after {name}, and there is no easier version, so {how} until it settles."
)
HURT_BACK = (
    "You said {name} hurt on {days} in a guided session, so it steps back to {other}. If "
    "it keeps hurting, talk it over with a physiotherapist or doctor."
)
HURT_EASE_OFF = (
    "You said {name} hurt on {days} in a guided session, and there is no easier version, "
    "so {how}; if it keeps hurting, talk it over with a physiotherapist or doctor."
)
KEEP_LOW = (
    "{name} stays the same for now: you did it on {done} of {days} days, and the routine as a "
    "whole on {share}% of its planned days, below the 50% needed to build on it."
)
PROGRESS = (
    "You did {name} on {done} of {days} days with pain after it within 2 points of your "
    "usual, so it steps up to {other}."
)
KEEP_PART_WEEK = (
    "{name} stays the same: your diary covers {days} so far, and stepping up needs a full "
    "week of entries."
)
KEEP_FEW_DAYS = (
    "{name} stays the same: you did it on {done} of {days} days, and stepping up needs 5 or more."
)
KEEP_FEW_GREEN = (
    "{name} stays the same: on {green} of the {done} days you did it, your pain after "
    "exercise was logged within 2 points of your usual and settled by the next morning, and "
    "stepping up needs at least {needed}."
)
KEEP_TOP = (
    "{name} is going well ({done} of {days} days, pain after it within 2 of usual); the next "
    "step up does not fit your plan yet, so keep at this level."
)
SHORTEN = (
    "The routine's exercises were done {done} times out of a possible {possible} this week "
    "(fewer than half), so it is shorter and {name} is left out for now; a short routine done "
    "often helps more than a long one done rarely."
)
NO_DIARY = "No diary entries this week, so the routine stays as it is."
#: A week with nothing logged holds (breaks.HOLD), but what hurt on a day read before it
#: still eases (an update after a gap: progression's module doc).
HOLD_EASED = (
    "No diary entries in the last 7 days, so your plan stays at week {week}: it moves on "
    "only after a week with check-ins, and what hurt before then is eased below."
)
#: The update reads whole days, so the day it runs on is read by the next one; until then an
#: exercise (or the walk) that hurt or raised pain that day so far does not step up
#: (progression.progress's ``today``).
HELD_TODAY = (
    "{name} does not step up this week: you said it hurt today, or your pain rose after it. "
    "Next week's update reads today in full."
)
WALK_HELD_TODAY = (
    "The daily walk stays at {minutes} minutes this week: your pain rose after walking today. "
    "Next week's update reads today in full."
)
OVER_BUDGET = "{name} is left out for now so the routine fits your {budget} minutes a day."
WALK_BACK = (
    "On {days} of the {walked} days you walked, pain rose more than 2 points above usual or "
    "had not settled by the next morning, so the daily walk goes from {old} down to {new} "
    "minutes."
)
WALK_BACK_AT_FLOOR = (
    "On {days} of the {walked} days you walked, pain rose more than 2 points above usual or "
    "had not settled by the next morning; the daily walk is already at its shortest, "
    "{minutes} minutes, so it stays there. If walking keeps flaring your pain, talk it over "
    "with a physiotherapist or doctor."
)
WALK_UP = (
    "You walked on {done} of {days} days with pain after it within 2 points of your usual, so "
    "the daily walk goes up to {new} minutes."
)
WALK_KEEP = "You walked on {done} of {days} days, so the daily walk stays at {minutes} minutes."
WALK_KEEP_PART_WEEK = (
    "The daily walk stays at {minutes} minutes: your diary covers {days} so far (you walked on "
    "{done} of them), and it goes up after a full week with walks on 5 or more days."
)
TOOLBOX = (
    "You rated {name} as helping ({score} or more out of 10) on {days} days, so consider "
    "pinning it to your toolbox so it comes first in a flare."
)
STILL_PAUSED = "The exercise plan stays paused until a clinician has seen you."
PAUSE = (
    "Your latest answers include a sign that needs a clinician, so the exercise plan is paused "
    "until you have been seen."
)
TO_GENTLE = (
    "Your latest answers suggest {reason}, so the plan goes back to gentle, flare-safe exercises."
)
TO_FULL = (
    "Your latest answers no longer call for a gentle plan, so the full plan starts again at an "
    "easy level."
)
RESUME_FROM_CARE = (
    "Your latest answers no longer need care first, so the exercise plan starts again from the "
    "beginning."
)

# A pregnancy answer changes the versions and cautions, not the week (planning).
PREGNANT_NOW = (
    "You told us you are or could be pregnant, so your plan now uses the versions of its "
    "exercises for pregnancy, with their cautions."
)
PREGNANT_NO_LONGER = (
    "You told us you are no longer pregnant, so your plan goes back to the usual versions of "
    "its exercises."
)
# The first weekly update after the first days of a new back pain (plan_rules.FIRST_DAYS)
# chooses the routine again from the person's answers (progression._chosen_again).
FIRST_DAYS_OVER = (
    "Your pain is past its first days, so your routine now adds {moves} chosen for you."
)
FIRST_DAYS_OVER_CHOSEN = (
    "Your pain is past its first days, so your routine is now chosen for you from your answers."
)
#: The kinds of move the first days leave out, as that line names them, in its order.
ADDED_KINDS: tuple[tuple[str, str], ...] = (
    ("stretching", "stretches"),
    ("strengthening", "strengthening moves"),
)
#: breaks.HOLD when the routine was chosen again in the same update: it is not "as it is".
HOLD_CHOSEN = (
    "No diary entries this week, so your plan stays at week {week}: it moves on only after a "
    "week with check-ins."
)
KEEPS_WEEK = " It stays at week {week}, with your exercises at the levels you had reached."
LEFT_OUT_FOR = "{name} is left out now: {note}"


def left_out_line(name: str, note: str) -> str:
    """Why an exercise of the routine is left out now: ``LEFT_OUT_FOR``, or only its name
    before a caution note that already says so ("Left out for now, because ...")."""
    if note.startswith("Left out"):
        return f"{name}: {note}"
    return LEFT_OUT_FOR.format(name=name, note=note)


TAKES_ITS_PLACE = " {other} takes its place."
