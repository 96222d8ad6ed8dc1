#!/usr/bin/python3
# make-pdf.py — writes the sandbox corpus's small documents: two one-page
# PDFs (Helvetica, WinAnsiEncoding, no embedded fonts) and a minimal .docx.
# Run by tests/sandbox/make-assets; the output is committed.
#
# Copyright 2026 The Surat authors
# SPDX-License-Identifier: GPL-3.0-or-later

import sys
import zipfile


def pdf_string(text):
    data = text.encode("cp1252")
    return b"(" + data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


class Page:
    def __init__(self):
        self.ops = []

    def text(self, x, y, text, size=10, bold=False, gray=0.0):
        font = b"/F2" if bold else b"/F1"
        self.ops.append(b"%.2f g BT %s %d Tf %d %d Td %s Tj ET" %
                        (gray, font, size, x, y, pdf_string(text)))

    def rect(self, x, y, w, h, gray):
        self.ops.append(b"%.2f g %d %d %d %d re f" % (gray, x, y, w, h))

    def line(self, x1, y1, x2, y2, width=0.5, gray=0.6):
        self.ops.append(b"%.2f G %.1f w %d %d m %d %d l S" % (gray, width, x1, y1, x2, y2))


def write_pdf(path, title, page):
    content = b"\n".join(page.ops) + b"\n"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"endstream",
        b"<< /Title " + pdf_string(title) + b" /Producer (Surat sandbox) >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, len(objects), xref)
    with open(path, "wb") as f:
        f.write(out)


def table(page, top, columns, rows, widths):
    x0 = 50
    page.rect(x0, top - 4, 495, 18, 0.92)
    x = x0 + 6
    for column, width in zip(columns, widths):
        page.text(x, top + 1, column, 9, bold=True)
        x += width
    y = top - 20
    for row in rows:
        x = x0 + 6
        for cell, width in zip(row, widths):
            page.text(x, y, cell, 9)
            x += width
        page.line(x0, y - 6, x0 + 495, y - 6, 0.4, 0.8)
        y -= 20
    return y


def invoice(path):
    p = Page()
    p.rect(0, 772, 595, 70, 0.16)
    p.text(50, 800, "NusaNet", 24, bold=True, gray=1.0)
    p.text(50, 784, "PT Nusa Jaringan Data  -  Internet untuk usaha", 9, gray=0.85)
    p.text(400, 800, "TAGIHAN / INVOICE", 14, bold=True, gray=1.0)
    p.text(400, 784, "No. INV-457812", 10, gray=0.85)
    p.text(50, 730, "Kepada:", 9, bold=True)
    p.text(50, 716, "CV Kopi Nusantara", 10)
    p.text(50, 703, "u.p. Ibu Sari Wulandari", 10)
    p.text(50, 690, "Jl. Braga No. 112, Bandung 40111", 10)
    p.text(340, 730, "ID Pelanggan", 9, bold=True)
    p.text(430, 730, "NB-0038217", 9)
    p.text(340, 716, "Paket", 9, bold=True)
    p.text(430, 716, "Bisnis 50 Mbps", 9)
    p.text(340, 702, "Jatuh tempo", 9, bold=True)
    p.text(430, 702, "20 hari sejak tagihan", 9)
    y = table(p, 640, ["Uraian", "Periode", "Jumlah (Rp)"], [
        ["Layanan internet Bisnis 50 Mbps", "1 bulan", "1.250.000"],
        ["IP publik statis (1 alamat)", "1 bulan", "150.000"],
        ["Sewa perangkat ONT", "1 bulan", "50.000"],
    ], [260, 120, 115])
    p.text(346, y - 6, "Subtotal", 9)
    p.text(436, y - 6, "1.450.000", 9)
    p.text(346, y - 22, "PPN 11%", 9)
    p.text(436, y - 22, "159.500", 9)
    p.rect(340, y - 46, 205, 18, 0.92)
    p.text(346, y - 41, "Total tagihan", 10, bold=True)
    p.text(436, y - 41, "Rp 1.609.500", 10, bold=True)
    p.text(50, y - 100, "Pembayaran", 10, bold=True)
    p.text(50, y - 116, "Virtual account Bank Priangan: 8808 0038 2174 5781 (a.n. PT Nusa Jaringan Data)", 9)
    p.text(50, y - 130, "Pembayaran setelah jatuh tempo dikenakan denda 2% dan dapat menyebabkan isolir layanan.", 9)
    p.line(50, 90, 545, 90)
    p.text(50, 74, "NusaNet  -  Jl. Asia Afrika No. 8, Bandung  -  layanan@nusanet.test  -  (022) 555-0100", 8, gray=0.4)
    p.text(50, 62, "Dokumen ini dibuat secara elektronik dan sah tanpa tanda tangan.", 8, gray=0.4)
    write_pdf(path, "Tagihan NusaNet INV-457812", p)


def bill_of_lading(path):
    p = Page()
    p.text(50, 790, "PT SAMUDRA LOGISTIK", 16, bold=True)
    p.text(50, 776, "Freight forwarding  -  Tanjung Priok, Jakarta", 9, gray=0.4)
    p.rect(360, 770, 185, 34, 0.85)
    p.text(372, 790, "DRAFT - NOT NEGOTIABLE", 10, bold=True)
    p.text(372, 777, "Bill of Lading KNT-2611", 9)
    p.line(50, 760, 545, 760, 1.0, 0.2)
    rows = [
        ("Shipper", ["CV Kopi Nusantara", "Jl. Braga No. 112, Bandung 40111, Indonesia"]),
        ("Consignee", ["Hinata Coffee Roasters K.K.", "3-14-2 Shimogyo-ku, Kyoto 600-8216, Japan"]),
        ("Notify party", ["Same as consignee"]),
        ("Vessel / voyage", ["MV Nusantara Jaya  V.2611N"]),
        ("Port of loading", ["Tanjung Priok, Jakarta"]),
        ("Port of discharge", ["Osaka, Japan"]),
        ("Container", ["1 x 20' dry  TGHU 481620-7  seal SL-558120"]),
    ]
    y = 736
    for label, lines in rows:
        p.text(50, y, label, 9, bold=True)
        for line in lines:
            p.text(170, y, line, 9)
            y -= 13
        y -= 6
    y = table(p, y - 10, ["Marks", "Description of goods", "Packages", "Gross kg"], [
        ["KN/HINATA/01-40", "Green coffee beans, Arabica Gayo, natural", "40 bags", "2.424"],
        ["", "HS code 0901.11  -  crop of this year", "", ""],
    ], [110, 230, 80, 75])
    p.text(50, y - 10, "Freight prepaid. Shipped on board subject to final confirmation of the carrier.", 9)
    p.text(50, y - 24, "Please check every field and reply with corrections before the cut-off.", 9)
    p.line(50, 90, 545, 90)
    p.text(50, 74, "PT Samudra Logistik  -  docs@samudralog.test  -  +62 21 555 0188", 8, gray=0.4)
    write_pdf(path, "Draft Bill of Lading KNT-2611", p)


def docx(path):
    paragraphs = [
        ("ДОГОВОР ПОСТАВКИ № ZC-2027/03", True),
        ("г. Москва", False),
        ("ООО «Зерно» (Покупатель) и CV Kopi Nusantara (Поставщик) заключили настоящий договор о нижеследующем.", False),
        ("1. Предмет договора", True),
        ("1.1. Поставщик обязуется поставить зелёный кофе арабика (Гайо, Тораджа) партиями по 20 мешков.", False),
        ("1.2. Качество: specialty grade, не менее 84 баллов по шкале SCA. [Правка: было «83»]", False),
        ("2. Цена и порядок оплаты", True),
        ("2.1. Оплата: 30 % предоплата, 70 % против копий отгрузочных документов. [Правка: было 50/50]", False),
        ("3. Сроки поставки", True),
        ("3.1. Первая партия — в течение 45 дней после предоплаты.", False),
    ]
    body = ""
    for text, bold in paragraphs:
        run_props = "<w:rPr><w:b/></w:rPr>" if bold else ""
        body += ('<w:p><w:r>%s<w:t xml:space="preserve">%s</w:t></w:r></w:p>' %
                 (run_props, text.replace("&", "&amp;").replace("<", "&lt;")))
    document = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                '<w:body>' + body + '</w:body></w:document>')
    content_types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                     '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                     '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                     '<Default Extension="xml" ContentType="application/xml"/>'
                     '<Override PartName="/word/document.xml" ContentType="application/'
                     'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in (("[Content_Types].xml", content_types), ("_rels/.rels", rels),
                           ("word/document.xml", document)):
            info = zipfile.ZipInfo(name, (2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)


if __name__ == "__main__":
    out = sys.argv[1]
    invoice(out + "/inv-457812.pdf")
    bill_of_lading(out + "/draft-bl-knt-2611.pdf")
    docx(out + "/dogovor-zc-2027-03.docx")
