//! What synthetic complaints are made of: categories with their share and typical wording,
//! channels, and residents' names.

use rand::Rng;
use rand::rngs::StdRng;
use redress_domain::complaint::Channel;

pub(super) const CATEGORIES: [(&str, u32, &[&str]); 8] = [
    (
        "repairs",
        42,
        &[
            "The repair to my boiler was booked three times and nobody came.",
            "Water is coming through the kitchen ceiling and the leak has not been fixed.",
            "The front door lock has been broken for weeks and I do not feel safe.",
            "The window in my child's bedroom will not close.",
        ],
    ),
    (
        "damp_and_mould",
        11,
        &[
            "There is black mould in the bedroom and my son's asthma is worse.",
            "Damp is spreading across the bathroom wall and the treatment did not work.",
        ],
    ),
    (
        "antisocial_behaviour",
        8,
        &[
            "My neighbour plays loud music every night and nothing has been done about my reports.",
            "People are using the stairwell to take drugs and I reported it twice.",
        ],
    ),
    (
        "customer_service",
        12,
        &[
            "Nobody returns my calls and I have been passed between departments.",
            "The officer was rude to me on the phone.",
        ],
    ),
    (
        "estate_services",
        8,
        &[
            "The communal areas have not been cleaned for a month.",
            "The lift has been out of order for two weeks and I use a wheelchair.",
        ],
    ),
    (
        "rent_and_service_charges",
        8,
        &[
            "I was charged for a service that is not provided.",
            "My rent account shows arrears that I have already paid.",
        ],
    ),
    (
        "lettings_and_allocations",
        5,
        &["My transfer application has not been assessed after six months."],
    ),
    (
        "other",
        6,
        &["I am unhappy with how my previous enquiry was handled."],
    ),
];

pub(super) const CHANNELS: [(Channel, u32); 8] = [
    (Channel::Online, 30),
    (Channel::Phone, 28),
    (Channel::Email, 22),
    (Channel::Letter, 6),
    (Channel::InPerson, 5),
    (Channel::SocialMedia, 2),
    (Channel::Representative, 4),
    (Channel::CouncillorOrMp, 3),
];

pub(super) const FIRST: [&str; 16] = [
    "Amina", "Ben", "Chloe", "Dariusz", "Ellie", "Femi", "Grace", "Hassan", "Ioana", "Jack",
    "Kofi", "Leah", "Mohammed", "Nia", "Olivia", "Priya",
];
pub(super) const LAST: [&str; 16] = [
    "Ahmed", "Brown", "Campbell", "Davies", "Evans", "Fraser", "Green", "Hughes", "Iqbal", "Jones",
    "Kowalski", "Lewis", "Murphy", "Nowak", "Okafor", "Patel",
];

pub(super) fn pick<'a, T>(rng: &mut StdRng, items: &'a [(T, u32)]) -> &'a T {
    let total: u32 = items.iter().map(|i| i.1).sum();
    let mut n = rng.random_range(0..total);
    for (item, w) in items {
        if n < *w {
            return item;
        }
        n -= w;
    }
    &items[0].0
}

pub(super) fn pick_category(rng: &mut StdRng) -> (&'static str, u32, &'static [&'static str]) {
    let total: u32 = CATEGORIES.iter().map(|c| c.1).sum();
    let mut n = rng.random_range(0..total);
    for c in CATEGORIES {
        if n < c.1 {
            return c;
        }
        n -= c.1;
    }
    CATEGORIES[0]
}

/// What the landlord is responsible for in a complaint of this category, as an officer writes
/// it to the resident (Code 5.7).
pub(super) fn responsible_for(category: &str) -> &'static str {
    match category {
        "repairs" => "Repairs to your home, and keeping the appointments we make with you.",
        "damp_and_mould" => "Finding the cause of the damp and mould in your home and treating it.",
        "antisocial_behaviour" => {
            "Looking into your reports of antisocial behaviour and telling you what we are doing."
        }
        "customer_service" => "How our staff answered and treated you.",
        "estate_services" => "Cleaning, grounds maintenance and the shared areas of your block.",
        "rent_and_service_charges" => {
            "Your rent and service charge account and how we explained it."
        }
        "lettings_and_allocations" => "How we handled your application or move.",
        _ => "The service you told us about.",
    }
}
