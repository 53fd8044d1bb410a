//! Root successions for tests: a province's roots in order, each naming the next.

use healthseal_core::{RootSuccession, SignedSuccession, SigningKey, Succession};

use crate::clock::{t, H};

/// Succession `number` of `region`: `old` names `new`, signed by `old`, at [`T0`](crate::clock::T0)
/// plus `number` hours.
pub fn step(region: &str, number: u64, old: &SigningKey, new: &SigningKey) -> SignedSuccession {
    let hours = i64::try_from(number).expect("a small number");
    RootSuccession {
        region: region.parse().expect("region"),
        number,
        old_root: old.public_key().clone(),
        new_root: new.public_key().clone(),
        issued_at: t(hours * H),
    }
    .sign(old)
    .expect("the old root signs")
}

/// The chain of `region` through `roots` in order: `roots[0]` is the first root, and each
/// succession is signed by the root before it (empty for one root).
///
/// ```
/// use healthseal_core::SigningKey;
/// use healthseal_test_support::succession::chain;
/// let roots: Vec<_> = (1..=3).map(|i| SigningKey::from_seed([i; 32])).collect();
/// let chain = chain("CN-HA", &roots);
/// assert_eq!(chain.number(), 2);
/// assert_eq!(chain.current(), Some(roots[2].public_key()));
/// ```
pub fn chain(region: &str, roots: &[SigningKey]) -> Succession {
    roots.windows(2).zip(1..).fold(Succession::default(), |chain, (pair, number)| {
        chain.then(step(region, number, &pair[0], &pair[1])).expect("a whole chain")
    })
}
