#!/usr/bin/env python3
"""Writes a synthetic billing export for scripts/bench-import.sh: providers.csv (10
providers) and accounts.csv (N accounts spread over them, numbers in the receipt spelling
`023-185952`, quoted addresses with commas, an empty last charge now and then).
Deterministic (fixed seed), so every run imports the same bytes.

    python3 scripts/gen-billing-csv.py 1000000 /tmp/dir
"""
import os
import random
import sys

SURNAMES = ["Иванов", "Петров", "Смирнов", "Кузнецов", "Орлов", "Соколов", "Попов", "Лебедев", "Козлов", "Новиков"]
NAMES = ["Иван", "Пётр", "Алексей", "Дмитрий", "Сергей", "Андрей", "Михаил", "Николай"]
PATRONYMICS = ["Иванович", "Петрович", "Сергеевич", "Алексеевич", "Николаевич", "Дмитриевич"]
STREETS = ["ул. Ленина", "ул. Садовая", "пр-т Кирова", "ул. Малышева", "наб. Северной Двины", "ул. Мира"]
CITIES = ["г. Москва", "г. Самара", "г. Екатеринбург", "г. Архангельск", "г. Тверь", "г. Казань"]


def main() -> None:
    rows, out = int(sys.argv[1]), sys.argv[2]
    rnd = random.Random(20261126)
    providers = [f"bench{i}" for i in range(10)]
    with open(os.path.join(out, "providers.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("code,name,region,readings_from_day,readings_to_day\n")
        for i, code in enumerate(providers):
            f.write(f'{code},"ООО «Газ-Расчёт {i}»",{CITIES[i % len(CITIES)]},15,25\n')
    with open(os.path.join(out, "accounts.csv"), "w", encoding="utf-8", newline="", buffering=1 << 20) as f:
        f.write("provider,account,owner,address,debt_kopecks,last_charge_kopecks\n")
        lines = []
        for i in range(rows):
            number = 10_000_000 + i // len(providers)
            spelled = f"0{number // 1_000_000:02d}-{number % 1_000_000:06d}" if i % 3 == 0 else str(number)
            owner = f"{rnd.choice(SURNAMES)} {rnd.choice(NAMES)} {rnd.choice(PATRONYMICS)}"
            address = f"{rnd.choice(CITIES)}, {rnd.choice(STREETS)}, д. {rnd.randint(1, 200)}, кв. {rnd.randint(1, 300)}"
            debt = rnd.randint(-50_000, 500_000)
            last = "" if i % 17 == 0 else str(rnd.randint(0, 400_000))
            lines.append(f'{providers[i % len(providers)]},{spelled},{owner},"{address}",{debt},{last}\n')
            if len(lines) == 10_000:
                f.write("".join(lines))
                lines.clear()
        f.write("".join(lines))


if __name__ == "__main__":
    main()
