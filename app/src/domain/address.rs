//! Masking an address for basic access: enough for a payer to recognise their home,
//! not enough to learn who lives where (`г. Москва, ул. Л*****, д. 5, кв. **`).

/// Parts that name the settlement or the house: kept as they are.
const KEPT_PREFIXES: &[&str] = &[
    "г.",
    "город",
    "с.",
    "село",
    "п.",
    "пос.",
    "посёлок",
    "пгт",
    "рп",
    "дер.",
    "д.",
    "дом",
    "корп.",
    "к.",
    "стр.",
    "строение",
    "обл.",
    "р-н",
    "район",
    "край",
];
/// Parts that name the flat: the number is hidden entirely.
const FLAT_PREFIXES: &[&str] = &["кв.", "кв", "квартира", "комн.", "пом."];

pub fn mask_address(address: &str) -> String {
    address
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .enumerate()
        .map(mask_part)
        .collect::<Vec<_>>()
        .join(", ")
}

fn mask_part((index, part): (usize, &str)) -> String {
    let (first, rest) = match part.split_once(' ') {
        Some((first, rest)) => (first, rest.trim_start()),
        None => (part, ""),
    };
    let first_lower = first.to_lowercase();
    if FLAT_PREFIXES.contains(&first_lower.as_str()) {
        return format!("{first} {}", stars(rest));
    }
    let names_region =
        ["область", "край", "район", "республика"].iter().any(|w| part.to_lowercase().contains(w));
    if index == 0 || names_region || KEPT_PREFIXES.contains(&first_lower.as_str()) {
        return part.to_owned();
    }
    // A street: keep its type (`ул.`, `пр-т`, `наб.`) and the first letter of its name.
    let is_type =
        first.ends_with('.') || (first.contains('-') && first.chars().all(|c| c.is_lowercase() || c == '-'));
    if is_type && !rest.is_empty() {
        format!("{first} {}", first_letter_only(rest))
    } else {
        first_letter_only(part)
    }
}

fn stars(s: &str) -> String {
    s.chars().map(|c| if c.is_whitespace() { c } else { '*' }).collect()
}

fn first_letter_only(s: &str) -> String {
    let mut chars = s.chars();
    let Some(first) = chars.next() else { return String::new() };
    std::iter::once(first).chain(chars.map(|c| if c.is_alphanumeric() { '*' } else { c })).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_address_is_masked_as_the_spec_shows() {
        assert_eq!(
            mask_address("г. Москва, ул. Ленина, д. 5, кв. 12"),
            "г. Москва, ул. Л*****, д. 5, кв. **"
        );
    }

    #[test]
    fn other_street_types_and_regions() {
        assert_eq!(
            mask_address("г. Самара, пр-т Кирова, д. 112, кв. 40"),
            "г. Самара, пр-т К*****, д. 112, кв. **"
        );
        assert_eq!(
            mask_address("г. Архангельск, наб. Северной Двины, д. 30, кв. 15"),
            "г. Архангельск, наб. С******* *****, д. 30, кв. **"
        );
        assert_eq!(
            mask_address("Самарская область, с. Красный Яр, Садовая, д. 3"),
            "Самарская область, с. Красный Яр, С******, д. 3"
        );
        assert_eq!(
            mask_address("г. Москва, ул. Садовая-Кудринская, д. 24, кв. 7"),
            "г. Москва, ул. С******-**********, д. 24, кв. *"
        );
    }

    #[test]
    fn odd_input_never_panics_and_hides_the_flat() {
        assert_eq!(mask_address(""), "");
        assert_eq!(mask_address("кв. 5"), "кв. *");
        assert_eq!(mask_address("Москва,,  ул. Ё"), "Москва, ул. Ё");
    }
}
