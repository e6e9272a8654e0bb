"""The /search/ page: a thin view over ``search_stories``."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from fireside.core.ratelimit import client_ip, rate_limit_hit
from fireside.search.forms import SearchForm
from fireside.search.selectors import search_stories
from fireside.stories.models import ContentWarning
from fireside.stories.selectors import reader_scope

# Generous for a person, a brake for a script hammering the full-text index.
SEARCHES_PER_MINUTE = 60


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    scope = reader_scope(request)
    form = SearchForm(
        request.GET or None, sections=scope.sections, warnings=list(ContentWarning.objects.all())
    )
    context = {"form": form, "outcome": None, "query": "", "rate_limited": False}
    status = 200
    if form.is_bound and form.is_valid() and form.cleaned_data["q"]:
        limit = rate_limit_hit(
            scope="search", identity=client_ip(request), limit=SEARCHES_PER_MINUTE, window=60
        )
        if not limit.allowed:
            context["rate_limited"] = True
            status = 429
        else:
            context["query"] = form.cleaned_data["q"]
            context["outcome"] = search_stories(
                query=form.cleaned_data["q"],
                scope=scope,
                section=form.cleaned_data["section"],
                hide=form.cleaned_data["hide"],
                page_number=request.GET.get("page"),
            )
    response = render(request, "search/search.html", context, status=status)
    if status == 429:
        response["Retry-After"] = str(limit.retry_after)
    return response
