from ninja import NinjaAPI

from jianzheng.api import errors
from jianzheng.campaign.api import campaigns_router, tasks_router
from jianzheng.catalogue.api import router as catalogue_router
from jianzheng.certificates.api import refusals_router
from jianzheng.certificates.api import router as certificates_router
from jianzheng.commitments.api import checks_router as post_checks_router
from jianzheng.commitments.api import credit_router
from jianzheng.commitments.api import router as commitments_router
from jianzheng.complaints.api import notices_router as exposure_router
from jianzheng.complaints.api import router as complaints_router
from jianzheng.documents.api import router as documents_router
from jianzheng.evaluation.api import evaluations_router, ratings_router
from jianzheng.reporting.api import census_router, dashboard_router
from jianzheng.sharing.api import router as sharing_router
from jianzheng.signage.api import awards_router, plaques_router, postings_router
from jianzheng.workitems.api import agreements_router, items_router, pushes_router, requests_router

api = NinjaAPI(
    title="减证 jianzheng API",
    version="1",
    description='证明事项清单、出具证明与核验。错误统一为 {"error": {"code", "message", "fields"}}。',
    urls_namespace="api",
)
errors.install(api)
api.add_router("/catalogue", catalogue_router)
api.add_router("/certificates", certificates_router)
api.add_router("/refusals", refusals_router)
api.add_router("/sharing-checks", sharing_router)
api.add_router("/complaints", complaints_router)
api.add_router("/exposure-notices", exposure_router)
api.add_router("/commitments", commitments_router)
api.add_router("/post-checks", post_checks_router)
api.add_router("/credit-records", credit_router)
api.add_router("/work-items", items_router)
api.add_router("/work-item-requests", requests_router)
api.add_router("/service-agreements", agreements_router)
api.add_router("/work-pushes", pushes_router)
api.add_router("/ratings", ratings_router)
api.add_router("/evaluations", evaluations_router)
api.add_router("/plaques", plaques_router)
api.add_router("/wall-postings", postings_router)
api.add_router("/awards", awards_router)
api.add_router("/campaigns", campaigns_router)
api.add_router("/tasks", tasks_router)
api.add_router("/census", census_router)
api.add_router("/dashboard", dashboard_router)
api.add_router("", documents_router)
