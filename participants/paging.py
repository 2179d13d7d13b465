"""Paging a long list whose order lies on joined tables: the page's keys first.

On a national event (90,000 registrations) sorting whole joined rows to skip to a
page spilled to disk: every row carried its unit, kecamatan and village to the sort.
Here the sort carries only the keys (one narrow subquery, LIMIT/OFFSET on the pk and
the order's columns) and the page's 100 rows are joined afterwards, in the same
single query: `WHERE id IN (SELECT id ... ORDER BY ... LIMIT 100 OFFSET n)`.
"""

from django.db.models import QuerySet


class KeysFirst:
    """A queryset as Paginator's object list, each slice fetched keys first.

    The order must be total (end with the pk) so the page's rows and their order
    are those of the plain queryset sliced.
    """

    def __init__(self, queryset: QuerySet):
        self.queryset = queryset
        self.ordered = queryset.ordered  # Paginator warns on an unordered list

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, page: slice) -> QuerySet:
        if not isinstance(page, slice):
            raise TypeError("KeysFirst is sliced by Paginator, a page at a time")
        keys = self.queryset.select_related(None).prefetch_related(None).values("pk")[page]
        return self.queryset.filter(pk__in=keys)
