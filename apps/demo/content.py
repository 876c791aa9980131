"""Who and where the demo is: two fictional counties, their departments and users.

The codes 330999 and 330998 are not assigned to any real county, and the test
fixtures use the same two counties, so a demo database and the tests tell the same
story.
"""

from dataclasses import dataclass
from decimal import Decimal

from apps.accounts.models import County, Role

DEFAULT_PASSWORD = "demo-pass-2021"
LOGIN_URL = "http://127.0.0.1:8000/"


@dataclass(frozen=True)
class DemoCounty:
    code: str
    name: str
    level: str
    function_zone: str
    # Catalogue codes of the departments to create; None means the whole catalogue.
    departments: tuple[str, ...] | None


SHIFAN = DemoCounty("330999", "示范县", County.Level.COUNTY, County.FunctionZone.AGRICULTURAL, None)
NEIGHBOUR = DemoCounty(
    "330998",
    "邻县",
    County.Level.COUNTY,
    County.FunctionZone.ECOLOGICAL,
    (
        "drc",
        "education",
        "finance",
        "natural_resources",
        "ecology",
        "transport",
        "agriculture",
        "culture_tourism",
        "health",
        "statistics",
    ),
)


@dataclass(frozen=True)
class DemoUser:
    username: str
    display_name: str
    county: DemoCounty
    department: str | None  # catalogue code
    role: str


USERS: tuple[DemoUser, ...] = (
    DemoUser("planner", "张明远", SHIFAN, "drc", Role.COORDINATOR),
    DemoUser("edu", "刘晓燕", SHIFAN, "education", Role.DRAFTER),
    DemoUser("fin", "陈志强", SHIFAN, "finance", Role.REVIEWER),
    DemoUser("leader", "赵国庆", SHIFAN, None, Role.LEADER),
    DemoUser("neighbor", "孙立新", NEIGHBOUR, "drc", Role.COORDINATOR),
)

# What the county can fund from its own budget and bonds over 2021–2025 (万元): a
# little above the government and special-bond money the demo projects ask for, so
# the demo starts balanced and a drafter who adds projects sees the check react.
SHIFAN_FISCAL_CAPACITY = Decimal("1500000")
