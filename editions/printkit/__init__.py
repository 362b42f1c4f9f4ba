"""The print kit: posters and leaflets made from a tour's or a city programme's own facts, in its language.

From the URL to the file:
- views.py: `<programme url>poster.pdf?size=a4|a3&bleed=0|1`, `<programme url>leaflet.pdf`, `<tour url>poster.pdf`
  (public, live pages) and `/admin/print-kit/<page id>/<poster|leaflet>.<pdf|png>` (the latest draft, for editors);
- facts.py: what the sheet says, only through the visibility rules (editions/visibility.py, defenders/safety.py);
- templates editions/print/*.html and print.css: the sheets' layout, whose DOM order is the reading order;
- render.py: HTML → tagged PDF (WeasyPrint), PDF → PNG preview (pdftoppm), both cached per content generation;
- panels.py: the "Print and share" tab of the tour and programme editors.
"""
