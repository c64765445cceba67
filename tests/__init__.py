from . import test_account
from . import test_access
from . import test_brief
from . import test_brief_access
from . import test_request
from . import test_budget
from . import test_performance
from . import test_tour
