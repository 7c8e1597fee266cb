"""Public certificate pages (no login)."""

from django.http import Http404, HttpResponse
from django.views.decorators.http import require_safe

from jianzheng.catalogue import selectors as catalogue
from jianzheng.certificates.pdf import render_sample
from jianzheng.core.errors import RuleViolation
from jianzheng.core.pdf import PdfUnavailable
from jianzheng.regions.selectors import UnknownCounty, county_by_code


@require_safe
def sample_pdf(request, code: str):
    """The blank sample a resident downloads to see what the paper will say
    (永民发〔2020〕91号 二(三): 统一规范的表单样本), watermarked 样本."""
    try:
        county = county_by_code(request.GET["county"]) if request.GET.get("county") else None
        item = catalogue.get_item(code, county=county)
    except (UnknownCounty, RuleViolation):  # no such county, or several and none picked
        raise Http404("没有这个证明事项的样本") from None
    # Samples are of proofs a community still issues; a cancelled one has none to hand out.
    if item is None or not item.is_retained or not item.template:
        raise Http404("没有这个证明事项的样本")
    try:
        sample = render_sample(item)
    except PdfUnavailable as exc:
        return HttpResponse(exc.message, status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(sample, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{item.code}-sample.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=300"
    return response
