"""Which city project a county project is: a suggestion from the names and the
place, for a person to confirm.

A project's *key* is its name without punctuation, spaces and the words every
project name carries (项目, 工程, 建设); two counties claiming the same key claim
the same project. The county's name stays in the key: 甲县城乡供水一体化 and
乙县城乡供水一体化 are two projects of one kind, not one project claimed twice.
Similarity is the Dice coefficient of the keys' character bigrams (Chinese names
share words, not letters, and two-character words are bigrams), with a bonus when
the city project names the county or lies in it; a city project that names
another county below the city is never suggested. Candidates come from an
inverted bigram index, so the cost grows with the shared bigrams, not with the
product of the two lists.
"""

import re
from collections import Counter, defaultdict

# Names are at most 200 characters (MajorProject.name).
MAX_KEY = 200
SUGGEST_AT = 60  # a score from 0 to 100
# Bounds on the work per county project, whatever the size of the two lists: a
# bigram listed by more city projects than this is too common to tell them apart,
# and only the best-sharing candidates are scored.
COMMON_BIGRAM = 200
CANDIDATES = 20
GENERIC = ("建设项目", "建设工程", "项目", "工程", "建设")
_NOT_WORD = re.compile(r"[^\w]|_", re.UNICODE)


def project_key(name: str) -> str:
    key = _NOT_WORD.sub("", name[:MAX_KEY])
    for word in GENERIC:
        key = key.replace(word, "")
    return key or _NOT_WORD.sub("", name[:MAX_KEY])


def names_elsewhere(project, county_name: str, others: list[str]) -> bool:
    """Does the city project name another county (and not this one)?"""
    text = f"{project.name}{project.location or ''}"
    return county_name not in text and any(other in text for other in others)


def bigrams(text: str) -> set[str]:
    if len(text) < 2:
        return {text} if text else set()
    return {text[i : i + 2] for i in range(len(text) - 1)}


def similarity(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def match_projects(rows, city_projects, county_name: str, others: list[str] = ()) -> None:
    """Set ``city_project``, ``score`` and ``match`` (suggested or none) on each of
    ``rows`` (unsaved LinkedProject rows) against the city's projects; ``others``
    are the names of the city's other counties."""
    from apps.linkage.models import LinkedProject

    city_projects = [p for p in city_projects if not names_elsewhere(p, county_name, others)]
    grams = []
    index: dict[str, list[int]] = defaultdict(list)
    for position, project in enumerate(city_projects):
        own = bigrams(project_key(project.name))
        grams.append(own)
        for gram in own:
            index[gram].append(position)
    for row in rows:
        mine = bigrams(row.key)
        # The city projects sharing the most bigrams, counted through the index; a
        # bigram half the list shares ("产业", "提升") says nothing and is skipped.
        shared: Counter[int] = Counter()
        for gram in mine:
            postings = index.get(gram, ())
            if len(postings) <= COMMON_BIGRAM:
                shared.update(postings)
        best, best_score = None, 0
        for position, _count in shared.most_common(CANDIDATES):
            project = city_projects[position]
            score = similarity(mine, grams[position]) * 100
            if county_name and county_name in (project.location or "") + project.name:
                score += 10
            if score > best_score:
                best, best_score = project, score
        row.score = min(100, round(best_score))
        if best is not None and best_score >= SUGGEST_AT:
            row.city_project = best
            row.match = LinkedProject.Match.SUGGESTED
        else:
            row.city_project = None
            row.match = LinkedProject.Match.NONE
