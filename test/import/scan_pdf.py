#!/usr/bin/env python3
"""A PDF without a text layer, as a scanner makes it, from page images.

    scan_pdf.py OUT.pdf DPI PAGE.pgm...

Each PAGE is a binary greyscale PGM (P5, 8 bits), e.g. from
`pdftoppm -r 300 -gray`; it becomes one page of OUT, an image and nothing
else (no fonts, no text), the page size the image's at DPI.  Used by
test/import/run.sh and bench/ocr_formats.sh to make the scanned reports
that govinfo-import --ocr reads.  Python 3 standard library only.
"""

import sys
import zlib


def read_pgm(path):
    data = open(path, "rb").read()
    fields = []
    pos = 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos) + 1
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    pos += 1
    if fields[0] != b"P5" or int(fields[3]) != 255:
        sys.exit("scan_pdf: %s is not an 8-bit binary PGM" % path)
    w, h = int(fields[1]), int(fields[2])
    return w, h, data[pos:pos + w * h]


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    out, dpi, pages = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
    objs = []                       # object bodies, numbered from 1

    def add(body):
        objs.append(body)
        return len(objs)

    catalog = add(None)
    tree = add(None)
    kids = []
    for p in pages:
        w, h, pixels = read_pgm(p)
        image = zlib.compress(pixels, 6)
        img = add(b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                  b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n" % (w, h, len(image))
                  + image + b"\nendstream")
        pw, ph = w * 72.0 / dpi, h * 72.0 / dpi
        draw = b"q %.2f 0 0 %.2f 0 0 cm /Im0 Do Q" % (pw, ph)
        content = add(b"<< /Length %d >>\nstream\n" % len(draw) + draw + b"\nendstream")
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %.2f %.2f] "
                        b"/Resources << /XObject << /Im0 %d 0 R >> >> /Contents %d 0 R >>"
                        % (tree, pw, ph, img, content)))
    objs[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % tree
    objs[tree - 1] = (b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids)
                      + b"] /Count %d >>" % len(kids))

    pdf = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        pdf += b"%010d 00000 n \n" % off
    pdf += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, catalog, xref)
    with open(out, "wb") as f:
        f.write(pdf)


if __name__ == "__main__":
    main()
