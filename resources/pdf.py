"""Small PDFs for the demo teaching resources, made with pikepdf (no downloads, no fonts to embed)."""

import io

import pikepdf


def _escape(text):
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def simple_pdf(title, lines):
    """An A4 page with a title and some lines of text, in Helvetica (a standard PDF font, WinAnsi encoding)."""
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(595, 842))
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type1,
            BaseFont=pikepdf.Name.Helvetica,
            Encoding=pikepdf.Name.WinAnsiEncoding,
        )
    )
    page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    commands = [f"BT /F1 18 Tf 56 780 Td ({_escape(title)}) Tj ET"]
    for number, line in enumerate(lines):
        commands.append(f"BT /F1 11 Tf 56 {740 - 18 * number} Td ({_escape(line)}) Tj ET")
    content = "\n".join(commands).encode("cp1252", errors="replace")
    page.Contents = pdf.make_stream(content)
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()
