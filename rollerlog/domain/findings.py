"""Findings of the safety rules: severities, codes, and the plain-words text of every rule."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    """How much a finding matters: `stop` blocks, `caution` warns, `note` informs."""

    STOP = "stop"
    CAUTION = "caution"
    NOTE = "note"


SEVERITY_RANK: dict[Severity, int] = {Severity.STOP: 0, Severity.CAUTION: 1, Severity.NOTE: 2}

ROLLER_DISCARDED = "roller-discarded"
"""The one `stop` that can never be acknowledged: a discarded roller is never used again."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a rule found: its code, how much it matters, what to do, and what it concerns."""

    code: str
    severity: Severity
    message: str
    area: str | None = None
    roller: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The finding as the contract's FINDING JSON object."""
        return {
            "code": self.code,
            "severity": str(self.severity),
            "message": self.message,
            "area": self.area,
            "roller": self.roller,
        }

    @property
    def acknowledgeable(self) -> bool:
        """True when the user may go ahead with this finding by giving a reason."""
        return is_acknowledgeable(self.code)


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """What the app says about one rule: its code, severity, title and why it exists."""

    code: str
    severity: Severity
    title: str
    explanation: str
    per_area: bool = False
    standing_only: bool = False
    origin: str = "article"
    origin_note: str = ""

    @property
    def from_article(self) -> bool:
        """True when the rule comes from the source article, False for the contract's own."""
        return self.origin == "article"

    @property
    def acknowledgeable(self) -> bool:
        """True for every `stop` rule but `roller-discarded`."""
        return self.severity is Severity.STOP and self.code != ROLLER_DISCARDED


_STOP = Severity.STOP
_CAUTION = Severity.CAUTION

RULES: tuple[RuleInfo, ...] = (
    RuleInfo(
        "too-soon",
        _STOP,
        "Area needled too recently",
        "Each session leaves thousands of tiny wounds, and the skin takes about four weeks to "
        "rebuild after them. Needling again before that adds little, because the skin is still "
        "busy repairing. Worse, needling too often can make the skin break collagen down "
        "instead of building it up. A shorter rest for one needle length can be set in "
        "Settings; that is your own choice, not the skin's repair time.",
        per_area=True,
        origin_note="The 28 days come from the article; the per-needle-length override is "
        "the contract's own addition, a setting the user chooses.",
    ),
    RuleInfo(
        ROLLER_DISCARDED,
        _STOP,
        "Roller discarded",
        "A roller that was dropped or damaged may have bent or blunt needles that tear the skin "
        "instead of making clean punctures. Once a roller is marked as discarded, the app will "
        "not log another session with it. Throw it away and use a fresh one.",
    ),
    RuleInfo(
        "roller-worn-out",
        _STOP,
        "Roller used too often",
        "Needles dull and bend a little with every session, and cleaning gets less reliable. "
        "A home roller is meant for roughly ten to fifteen sessions, so once it reaches your "
        "limit it is time to replace it.",
    ),
    RuleInfo(
        "roller-near-limit",
        _CAUTION,
        "Roller nearing its limit",
        "The roller is getting close to the number of sessions it is good for. It can still be "
        "used, but plan to buy a replacement so you are not tempted to keep using a dull one.",
    ),
    RuleInfo(
        "not-sterilized",
        _STOP,
        "Roller not sterilized",
        "Needles that go into the skin must be clean, or they can carry germs into many small "
        "wounds at once. Sterilize the roller (for example by soaking it in 70% isopropyl "
        "alcohol) before every session and again afterwards, and log it so the app can tell.",
    ),
    RuleInfo(
        "lupus-patch-in-area",
        _STOP,
        "Lupus patch in the area",
        "In people with lupus, an injury to the skin can set off new patches, and an active "
        "patch is the most reactive skin of all. Leave areas with an active lupus patch out of "
        "the session until it has cleared, and needle near it only gently and conservatively, "
        "ideally with a board-certified dermatologist.",
        per_area=True,
    ),
    RuleInfo(
        "broken-skin-in-area",
        _STOP,
        "Broken or inflamed skin in the area",
        "Rolling over a breakout, a cold sore, an open wound, sunburn or a flare of eczema, "
        "psoriasis or rosacea can spread germs across the area, inflame it further and slow "
        "the healing. Wait until the skin there has closed and calmed down.",
        per_area=True,
        origin_note="Lesions to avoid come from the article; counting sunburn and flares as "
        "broken or inflamed skin is the contract's own decision.",
    ),
    RuleInfo(
        "lesion-in-area",
        _CAUTION,
        "Spot to needle around",
        "Moles, skin tags and other unusual spots should never be needled: some may contain "
        "abnormal cells, and injuring them could make those cells multiply. You can treat the "
        "rest of the area, keeping the roller well away from the spot.",
        per_area=True,
    ),
    RuleInfo(
        "test-patch-first",
        _STOP,
        "Test patch first",
        "With lupus, small injuries can trigger new patches on healthy skin. Trying the roller "
        "on a small test patch first, and watching it for a few weeks, shows how your skin "
        "reacts before you treat a larger area. The article advises working with a "
        "board-certified dermatologist who treats the skin gently and conservatively.",
        origin_note="The test patch comes from the article; the 21-day watch "
        "(`test_patch_wait_days`) is the contract's own decision.",
    ),
    RuleInfo(
        "pregnant",
        _STOP,
        "Pregnancy",
        "Serums and creams used with needling go much deeper into the skin than usual and can "
        "reach the bloodstream, and from there the baby. Needling without them is not advised "
        "either, so it is best to pause needling during pregnancy.",
    ),
    RuleInfo(
        "anticoagulants",
        _STOP,
        "Blood thinners",
        "Blood-thinning medicines make the many small punctures bleed longer and bruise more, "
        "both during the session and after it. Talk to your doctor rather than needling at "
        "home.",
    ),
    RuleInfo(
        "immunosuppressed",
        _STOP,
        "Weakened immune system",
        "When the immune system is weakened, by an illness or by medicines that suppress it, "
        "the small wounds from needling are much more likely to become infected. Do not needle "
        "at home without your doctor's go-ahead.",
    ),
    RuleInfo(
        "diabetes",
        _CAUTION,
        "Diabetes",
        "Diabetes can slow wound healing, which leaves the skin open to infection for longer "
        "after a session. Keep sessions gentle, be strict about cleanliness and watch the skin "
        "closely afterwards.",
    ),
    RuleInfo(
        "allergy-hives",
        _STOP,
        "Allergies: hives on the body",
        "In people with allergies, needling the thighs or the abdomen can release histamine "
        "and bring out hives. Leave those areas out of the session.",
        per_area=True,
    ),
    RuleInfo(
        "keloid-prone",
        _CAUTION,
        "Prone to keloid scars",
        "Keloids are raised scars that grow beyond the wound. Anyone with keloid scars on the "
        "palms or soles should needle with care, because the inflammation after a session can "
        "make scarring worse. Antihistamines can hold that inflammation back: ask a "
        "dermatologist whether one suits you before needling.",
    ),
    RuleInfo(
        "isotretinoin",
        _CAUTION,
        "Isotretinoin in the last 6 months",
        "Isotretinoin (sold as Accutane and under other names) changes how skin heals. Its "
        "label advises against skin procedures while taking it and for 6 months after. If you "
        "took it in that time, ask your dermatologist before needling.",
        origin="contract",
        origin_note="Not in the article: the contract adds it from the drug's label.",
    ),
    RuleInfo(
        "neuromodulator-recent",
        _STOP,
        "Recent Botox or similar injection",
        "Injected neuromodulators such as Botox or Dysport need about two days to settle where "
        "they were placed. Rolling the skin before that can push the product to places it "
        "was not meant to go. The two days are counted in real hours, so a clock change in "
        "between is taken into account.",
        origin_note="The 48 hours come from the article; counting procedures whatever their "
        "area is the contract's own decision.",
    ),
    RuleInfo(
        "filler-recent",
        _STOP,
        "Recent filler",
        "Skin that has just had filler injected needs time to settle. Needling it within about "
        "two weeks can set off an unwanted inflammation, so wait at least fourteen days.",
        origin_note="The two weeks come from the article; counting procedures whatever their "
        "area is the contract's own decision.",
    ),
    RuleInfo(
        "long-needle",
        _CAUTION,
        "Long needles",
        "Long needles reach deep into the skin, where bleeding, infection and scarring are "
        "more likely. Depths like these belong in a professional's hands; at home, shorter "
        "needles are the safer choice. What counts as long is the `long_needle_mm` setting "
        "(1 mm unless you change it), and the message names the length in force.",
        origin="contract",
        origin_note="The article only says that the more powerful Dermapen is for "
        "professionals; the threshold is the contract's own decision.",
    ),
    RuleInfo(
        "sterilize-after",
        _CAUTION,
        "Sterilize after use",
        "A roller should be cleaned right after a session as well as before the next one, so "
        "that nothing from the skin dries on the needles. Sterilize it and log it, and it "
        "will be ready for next time.",
        standing_only=True,
    ),
)

RULE_BY_CODE: dict[str, RuleInfo] = {rule.code: rule for rule in RULES}
CODES: frozenset[str] = frozenset(RULE_BY_CODE)
"""Every finding code the app knows."""
STOP_CODES: frozenset[str] = frozenset(r.code for r in RULES if r.severity is Severity.STOP)
"""Every code of severity `stop`."""
ACKNOWLEDGEABLE_CODES: frozenset[str] = frozenset(r.code for r in RULES if r.acknowledgeable)
"""The `stop` codes a session can be saved with, given a reason (all but `roller-discarded`)."""
AREA_CODES: frozenset[str] = frozenset(r.code for r in RULES if r.per_area)
"""Codes that come once per area concerned; every other code comes at most once."""


def severity_of(code: str) -> Severity:
    """The severity a code always has."""
    return RULE_BY_CODE[code].severity


def is_acknowledgeable(code: str) -> bool:
    """True when a session with a finding of this code may be saved with a reason."""
    return code in ACKNOWLEDGEABLE_CODES


def title_of(code: str) -> str:
    """The short title of a code's rule."""
    return RULE_BY_CODE[code].title


def explanation_of(code: str) -> str:
    """Why the rule behind a code exists, in a few plain sentences."""
    return RULE_BY_CODE[code].explanation


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """The findings with stops first, then cautions, then notes; otherwise in the given order."""
    return sorted(findings, key=lambda finding: SEVERITY_RANK[Severity(finding.severity)])


def has_stop(findings: Iterable[Finding]) -> bool:
    """True when any finding is at `stop`."""
    return any(finding.severity == Severity.STOP for finding in findings)
