from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
def no_content(request):
    """The baseline: the same middleware stack, then nothing at all."""
    return HttpResponse(status=204)


urlpatterns = [path("bench/no-content/", no_content), path("", include("fireside.urls"))]
