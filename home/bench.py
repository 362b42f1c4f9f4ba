"""Benchmark data for the home app: municipalities up to the requested number (fictional ones beyond the 28 real)."""

from .models import Municipality


def create_bench_data(sizes, stdout):
    missing = sizes["municipalities"] - Municipality.objects.count()
    for number in range(max(missing, 0)):
        Municipality.objects.get_or_create(
            slug=f"municipi-de-prova-{number + 1}",
            defaults={
                "name": f"Municipi de prova {number + 1}",
                "comarca": "Comarca de prova",
                "province": "Barcelona",
                "latitude": 41.0 + number / 100,
                "longitude": 1.5 + number / 100,
            },
        )
    stdout.write(f"  municipalities: {Municipality.objects.count()}")
