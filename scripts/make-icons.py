#!/usr/bin/env python3
"""Draws the portal's icons (flame on the brand blue) as PNG files, with no dependencies.

Run once after changing the design; the PNGs are committed in public/icons/.
  python3 scripts/make-icons.py
"""
import math, struct, zlib, pathlib

BLUE = (10, 74, 143)
AMBER = (255, 179, 0)
WHITE = (255, 255, 255)
OUT = pathlib.Path(__file__).resolve().parent.parent / "public" / "icons"


def flame(x, y, scale):
    """Inside the flame? x, y in [-1, 1] (y down), drawn at `scale` of the square."""
    x, y = x / scale, y / scale
    if x * x + (y - 0.3) ** 2 < 0.45 ** 2:
        return True
    if -0.85 < y <= 0.3:
        t = (y + 0.85) / 1.15
        width = 0.45 * t ** 0.75
        centre = 0.1 * math.sin(t * math.pi) - 0.02
        return abs(x - centre) < width
    return False


def colour(x, y, maskable):
    # Background: rounded square (any) or full bleed (maskable).
    if not maskable:
        r = 0.25
        ax, ay = max(abs(x) - (1 - r), 0), max(abs(y) - (1 - r), 0)
        if ax * ax + ay * ay > r * r:
            return None
    scale = 0.55 if maskable else 0.72
    if flame(x, y - 0.05 * scale, scale * 0.5) :
        return WHITE
    if flame(x, y, scale):
        return AMBER
    return BLUE


def render(size, maskable=False, samples=4):
    rows = []
    for py in range(size):
        row = bytearray([0])
        for px in range(size):
            acc = [0, 0, 0, 0]
            for sy in range(samples):
                for sx in range(samples):
                    x = (px + (sx + 0.5) / samples) / size * 2 - 1
                    y = (py + (sy + 0.5) / samples) / size * 2 - 1
                    c = colour(x, y, maskable)
                    if c:
                        acc[0] += c[0]; acc[1] += c[1]; acc[2] += c[2]; acc[3] += 255
            n = samples * samples
            a = acc[3] / n
            if a:
                row += bytes([round(acc[0] * 255 / acc[3]), round(acc[1] * 255 / acc[3]), round(acc[2] * 255 / acc[3]), round(a)])
            else:
                row += bytes(4)
        rows.append(bytes(row))
    return png(size, b"".join(rows))


def png(size, raw):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def ico(png_bytes, size):
    # An ICO file may hold a PNG image directly.
    entry = struct.pack("<BBBBHHII", size, size, 0, 0, 1, 32, len(png_bytes), 22)
    return struct.pack("<HHH", 0, 1, 1) + entry + png_bytes


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "icon-192.png").write_bytes(render(192))
    (OUT / "icon-512.png").write_bytes(render(512, samples=2))
    (OUT / "maskable-512.png").write_bytes(render(512, maskable=True, samples=2))
    (OUT / "apple-touch-icon.png").write_bytes(render(180, maskable=True))
    (OUT.parent / "favicon.ico").write_bytes(ico(render(32), 32))
    print("icons written to", OUT)
