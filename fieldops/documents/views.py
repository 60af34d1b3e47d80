from django.shortcuts import get_object_or_404, render

from fieldops.core.as_of import refuses_as_of

from .models import Document


@refuses_as_of
def document_list(request):
    documents = Document.objects.register()
    return render(request, "documents/document_list.html", {"documents": documents})


@refuses_as_of
def document_detail(request, slug):
    document = get_object_or_404(
        Document.objects.live().select_related("file"), slug=slug
    )
    context = {"document": document}
    return render(request, "documents/document_detail.html", context)
