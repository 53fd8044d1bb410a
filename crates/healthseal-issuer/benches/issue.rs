//! Issuing throughput, one core: a signed credential as text, and as a PNG QR image.
//! The issue asks for at least 20,000 per second per core as text and 2,000 as PNG.
//! Cards: laying one out (text shaped and outlined), as SVG, as a PDF form, and a sheet of eight.

use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use healthseal_core::{KeyInfo, Role, SigningKey, Status, Timestamp};
use healthseal_issuer::qr::{QrSymbol, DEFAULT_EC_LEVEL};
use healthseal_issuer::{
    region_utc_offset, sheets_pdf, Card, CardContent, CardFonts, CardLangs, IssueRequest, Issuer,
    DEFAULT_MODULE_PX,
};
use rand_chacha::rand_core::SeedableRng;

fn issuer() -> Issuer {
    let info =
        KeyInfo { role: Some(Role::Issuer), region: Some("CN-ZJ".parse().unwrap()), ..KeyInfo::default() };
    Issuer::new(SigningKey::from_seed([7; 32]), &info, None).unwrap()
}

fn request() -> IssueRequest {
    IssueRequest {
        name: "Maximilian Oberhofer".into(),
        birth_date: "1987-06-15".into(),
        status: Status::Green,
        valid_for: Duration::from_secs(72 * 3600),
        not_before: None,
        basis: None,
    }
}

fn bench(c: &mut Criterion) {
    let issuer = issuer();
    let now = Timestamp::from_unix(1_795_564_800).unwrap();
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(1);
    let mut group = c.benchmark_group("issue");
    group.throughput(Throughput::Elements(1));
    group.bench_function("text", |b| b.iter(|| issuer.issue(request(), now, &mut rng).unwrap().into_text()));
    group.bench_function("png", |b| {
        b.iter(|| {
            let issued = issuer.issue(request(), now, &mut rng).unwrap();
            QrSymbol::encode(issued.text(), DEFAULT_EC_LEVEL).unwrap().to_png(DEFAULT_MODULE_PX)
        })
    });
    group.bench_function("svg", |b| {
        b.iter(|| {
            let issued = issuer.issue(request(), now, &mut rng).unwrap();
            QrSymbol::encode(issued.text(), DEFAULT_EC_LEVEL).unwrap().to_svg(None)
        })
    });
    group.finish();
    let text = issuer.issue(request(), now, &mut rng).unwrap().into_text();
    let symbol = QrSymbol::encode(&text, DEFAULT_EC_LEVEL).unwrap();
    let mut group = c.benchmark_group("render");
    group.bench_function("qr_symbol", |b| b.iter(|| QrSymbol::encode(&text, DEFAULT_EC_LEVEL).unwrap()));
    group.bench_function("png_from_symbol", |b| b.iter(|| symbol.to_png(DEFAULT_MODULE_PX)));
    group.bench_function("svg_from_symbol", |b| b.iter(|| symbol.to_svg(None)));
    group.finish();

    // A Chinese name needs an installed CJK font; without one the Latin name stands in.
    let fonts = CardFonts::installed();
    let name = if fonts.missing("欧阳娜娜").is_empty() { "欧阳娜娜" } else { "Maximilian Oberhofer" };
    let issued = issuer.issue(IssueRequest { name: name.into(), ..request() }, now, &mut rng).unwrap();
    let content = CardContent {
        text: issued.text(),
        credential: issued.credential(),
        utc_offset: region_utc_offset(issued.credential().region()),
        level: DEFAULT_EC_LEVEL,
        langs: CardLangs::ZhEn,
    };
    let card = Card::lay_out(&content, &fonts).unwrap();
    let forms = vec![card.to_pdf_card(); 8];
    let mut group = c.benchmark_group("card");
    group.bench_function("lay_out", |b| b.iter(|| Card::lay_out(&content, &fonts).unwrap()));
    group.bench_function("svg_from_card", |b| b.iter(|| card.to_svg()));
    group.bench_function("pdf_form_from_card", |b| b.iter(|| card.to_pdf_card()));
    group.bench_function("sheet_of_8_from_forms", |b| b.iter(|| sheets_pdf(&forms)));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
