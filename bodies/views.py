from django.http import JsonResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .selectors import village_choices_for_district

# The largest id a BIGINT column holds; SQLite cannot even bind a larger number.
MAX_ID = 2**63 - 1


@require_GET
def villages(request):
    """Public JSON list of one kecamatan's desa/kelurahan, for the registration form."""
    district = request.GET.get("district", "")
    # isdigit() alone takes "²" and other Unicode digits, which int() then refuses.
    if not (district.isascii() and district.isdigit()) or int(district) > MAX_ID:
        return JsonResponse({"error": _("Give the kecamatan as ?district=<number>.")}, status=400)
    response = JsonResponse(village_choices_for_district(district_id=int(district)), safe=False)
    # Regions change once an edition, so browsers and proxies may keep the list an hour.
    patch_cache_control(response, public=True, max_age=3600)
    return response
