"""Public certificate pages (no login)."""

from django.http import Http404, HttpResponse
from django.views.decorators.http import require_safe

from jianzheng.catalogue import selectors as catalogue
from jianzheng.catalogue.portal import portal_county
from jianzheng.certificates.pdf import render_sample
from jianzheng.core.pdf import PdfUnavailable


@require_safe
@portal_county
def sample_pdf(request, code: str, *, county):
    """The blank sample a resident downloads to see what the paper will say
    (永民发〔2020〕91号 二(三): 统一规范的表单样本), watermarked 样本."""
    item = catalogue.get_item(code, county=county)
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
