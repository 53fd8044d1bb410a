//! Sets up the scene of each condition: which props, where, in what light, through what camera.
//!
//! Every random draw happens in the same order whatever the severity, and severity only scales
//! what was drawn, so one seed at rising severity is one scene getting harder.

use crate::code::CodeImage;
use crate::condition::Condition;
use crate::geometry::{Point, Pose, Quad};
use crate::lighting::{Glare, Lighting, Shadow};
use crate::math::{lerp, sin_cos_deg};
use crate::noise::{Rng, SensorNoise, Stream};
use crate::props;
use crate::scene::{Background, Camera, Scene};
use crate::surface::{Curl, Surface};

/// Lens blur every photo has (optics, demosaicing), in pixels.
const BASE_BLUR: f64 = 0.55;

/// Size of the stand-in code area on the card of [`Condition::NoCode`], in units.
const NOMINAL_CODE: f64 = 276.0;

struct Director<'a> {
    layout: Rng,
    texture: Rng,
    sev: f64,
    width: u32,
    height: u32,
    codes: &'a [CodeImage],
}

pub(crate) fn stage(
    condition: Condition,
    severity: f64,
    frame: (u32, u32),
    codes: &[CodeImage],
    seed: u64,
) -> Scene {
    let mut d = Director {
        layout: Rng::new(seed, Stream::Layout),
        texture: Rng::new(seed, Stream::Texture),
        sev: severity,
        width: frame.0,
        height: frame.1,
        codes,
    };
    match condition {
        Condition::PhoneScreen => d.phone(false),
        Condition::Inverted => d.phone(true),
        Condition::TwoCodes => d.two_codes(),
        Condition::NoCode => d.no_code(),
        _ => d.card(condition),
    }
}

impl Director<'_> {
    fn w(&self) -> f64 {
        f64::from(self.width)
    }

    fn h(&self) -> f64 {
        f64::from(self.height)
    }

    fn short(&self) -> f64 {
        self.w().min(self.h())
    }

    /// A signed random factor: direction random, magnitude 0.6..1.
    fn swing(&mut self) -> f64 {
        self.layout.sign() * self.layout.range(0.6, 1.0)
    }

    /// A severity-scaled value between `mild` (severity 0) and `harsh` (severity 1).
    fn by(&self, mild: f64, harsh: f64) -> f64 {
        lerp(mild, harsh, self.sev)
    }

    fn lighting(&mut self) -> Lighting {
        let mut light = Lighting::even(self.width, self.height);
        light.ambient = self.layout.range(0.92, 1.02) as f32;
        let warm = self.layout.range(-1.0, 1.0) as f32;
        light.tint = [1.0 + 0.03 * warm, 1.0, 1.0 - 0.06 * warm];
        let (s, c) = sin_cos_deg(self.layout.range(0.0, 360.0));
        light.gradient = (Point::new(c, s), self.layout.range(0.1, 0.3) as f32);
        light.vignette = self.layout.range(0.1, 0.2) as f32;
        light
    }

    fn camera(&mut self, extra_blur: f64) -> Camera {
        let gains = [0, 1, 2].map(|_| self.layout.range(0.97, 1.03) as f32);
        Camera {
            blur: (BASE_BLUR * BASE_BLUR + extra_blur * extra_blur).sqrt(),
            noise: SensorNoise { read: 2.0, shot: 0.18, chroma: 0.8, hot_per_million: 0.0 },
            gains,
        }
    }

    /// A code image prepared for a print `side` pixels across: blurred by `print_sigma` source
    /// pixels of ink, plus what anti-aliasing the reduction needs.
    fn prepare(&self, index: usize, side: f64, print_sigma: f64, ink_spread: f32) -> CodeImage {
        let code = &self.codes[index];
        let reduction = code.width as f64 / side;
        let anti_alias = if reduction > 1.0 { 0.5 * reduction } else { 0.0 };
        code.printed((anti_alias * anti_alias + print_sigma * print_sigma).sqrt(), ink_spread)
    }

    /// Places `surface` so `anchor` is centred near `centre` at `side` pixels, shrinking and
    /// shifting until the anchor's quad is inside the frame with a margin. Returns the quad.
    fn fit(&self, surface: &mut Surface, anchor: [f64; 4], pose: &Pose, centre: Point, side: f64) -> Quad {
        let margin = 0.03 * self.short();
        let (mut centre, mut side) = (centre, side);
        let [x, y, w, h] = anchor;
        let quad_of = |surface: &Surface| Quad {
            corners: [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]
                .map(|(px, py)| surface.to_frame(Point::new(px, py))),
        };
        // Shrinking and shifting settle in two or three rounds; the cap is only a guard.
        for _ in 0..16 {
            surface.place(pose, anchor, centre, side);
            let (min, max) = quad_of(surface).bounding_box();
            let (room_w, room_h) = (self.w() - 2.0 * margin, self.h() - 2.0 * margin);
            let (bw, bh) = (max.x - min.x, max.y - min.y);
            if bw > room_w || bh > room_h {
                side *= (room_w / bw).min(room_h / bh) * 0.98;
                continue;
            }
            let dx = (margin - min.x).max(0.0) - (max.x - (self.w() - margin)).max(0.0);
            let dy = (margin - min.y).max(0.0) - (max.y - (self.h() - margin)).max(0.0);
            if dx.abs() < 0.01 && dy.abs() < 0.01 {
                break;
            }
            centre = Point::new(centre.x + dx, centre.y + dy);
            surface.place(pose, anchor, centre, side);
        }
        quad_of(surface)
    }

    fn scene(&self, background: Background, surfaces: Vec<Surface>, codes: Vec<CodeImage>) -> Scene {
        Scene {
            width: self.width,
            height: self.height,
            background,
            surfaces,
            codes,
            lighting: Lighting::even(self.width, self.height),
            glare: None,
            camera: Camera {
                blur: BASE_BLUR,
                noise: SensorNoise { read: 2.0, shot: 0.18, chroma: 0.8, hot_per_million: 0.0 },
                gains: [1.0; 3],
            },
        }
    }

    /// A phone held up to the camera, light or dark mode.
    fn phone(&mut self, dark: bool) -> Scene {
        let background = props::room(&mut self.texture, self.width, self.height);
        let codes = self.codes;
        let code = &codes[0];
        let (cw, ch) = (code.width as f64, code.height as f64);
        let (mut phone, anchor) = props::phone(&mut self.layout, cw, ch, 0, dark);
        let pose = Pose {
            roll: self.swing() * 6.0,
            pitch: self.swing() * 10.0,
            yaw: self.swing() * 10.0,
            distance: 3.0,
        };
        let centre = Point::new(
            self.w() * (0.5 + self.layout.range(-0.06, 0.06)),
            self.h() * (0.5 + self.layout.range(-0.05, 0.05)),
        );
        let side = 0.52 * self.short();
        let quad = self.fit(&mut phone, anchor, &pose, centre, side);
        let side = quad.area().sqrt();
        let pixels_per_screen_pixel = self.layout.range(7.0, 11.0);
        let moire = if dark { self.by(0.03, 0.35) } else { self.by(0.04, 0.5) };
        if let Some(screen) = &mut phone.screen {
            screen.pitch = code.module / pixels_per_screen_pixel;
            screen.moire = moire as f32;
            screen.glow = if dark { 6.0 } else { 28.0 };
            if dark {
                screen.brightness = self.by(1.0, 0.45) as f32;
            }
        }
        // The glare lies somewhere over the middle of the code, never on a finder pattern.
        let (u, v) = (self.layout.range(0.3, 0.7), self.layout.range(0.3, 0.7));
        let spot = phone.to_frame(Point::new(anchor[0] + u * cw, anchor[1] + v * ch));
        let rx = self.by(0.06, 0.3) * side * self.layout.range(0.8, 1.2);
        let ry = rx * self.layout.range(0.45, 0.75);
        let (s, c) = sin_cos_deg(self.layout.range(0.0, 180.0));
        let peak = if dark { self.by(50.0, 250.0) } else { self.by(110.0, 380.0) };
        let glare = Glare { centre: spot, axes: (rx, ry), rotation: (c, s), peak: peak as f32, surface: 0 };
        let codes = vec![self.prepare(0, side, 0.0, 0.0)];
        let mut lighting = self.lighting();
        lighting.ambient *= 0.62;
        let camera = self.camera(0.1);
        let mut scene = self.scene(background, vec![phone], codes);
        scene.lighting = lighting;
        scene.glare = Some(glare);
        scene.camera = camera;
        scene
    }

    /// One printed card on a desk, shaped by the condition.
    fn card(&mut self, condition: Condition) -> Scene {
        let background = props::desk(&mut self.layout, &mut self.texture, self.width, self.height);
        let codes = self.codes;
        let code = &codes[0];
        let (cw, ch) = (code.width as f64, code.height as f64);
        let (mut card, anchor) = props::card(&mut self.layout, cw, ch, 0.14, Some(0));
        let mut clutter = Vec::new();
        if condition == Condition::SmallInLarge {
            for _ in 0..5 {
                clutter.push(self.clutter_item(0.45));
            }
        }
        let (swing_roll, swing_pitch, swing_yaw) = (self.swing(), self.swing(), self.swing());
        let quarter = f64::from(self.layout.below(4) as u32) * 90.0;
        let u = self.layout.unit();
        let mut pose =
            Pose { roll: swing_roll * 6.0, pitch: swing_pitch * 8.0, yaw: swing_yaw * 7.0, distance: 3.0 };
        let mut side = 0.55 * self.short();
        let mut centre = Point::new(
            self.w() * (0.5 + self.layout.range(-0.05, 0.05)),
            self.h() * (0.5 + self.layout.range(-0.05, 0.05)),
        );
        let (far_x, far_y) = (self.layout.range(0.2, 0.8), self.layout.range(0.25, 0.75));
        match condition {
            Condition::Rotated => {
                pose.roll = quarter + swing_roll.signum() * (15.0 + 20.0 * self.sev + 10.0 * u);
            }
            Condition::QuarterTurn => {
                pose.roll = 90.0 + quarter % 270.0;
                pose.pitch = swing_pitch * self.by(0.0, 8.0);
                pose.yaw = swing_yaw * self.by(0.0, 8.0);
                pose.distance = 4.0;
            }
            Condition::Perspective => {
                pose.pitch = swing_pitch.signum() * self.by(20.0, 55.0) * (0.9 + 0.1 * u);
                pose.yaw = swing_yaw * self.by(5.0, 25.0);
                pose.roll = swing_roll * 8.0;
                pose.distance = self.by(2.6, 1.2);
                side = 0.58 * self.short();
            }
            Condition::SmallInLarge => {
                side = code.modules() * self.by(4.4, 2.0);
                centre = Point::new(self.w() * far_x, self.h() * far_y);
                pose.distance = 4.0;
            }
            _ => {}
        }
        let quad = self.fit(&mut card, anchor, &pose, centre, side);
        let side = quad.area().sqrt();
        let frame_module = side / code.modules();
        let mut lighting = self.lighting();
        let mut camera = self.camera(0.0);
        // Draws for every condition, so the sequence never depends on the condition's branch.
        let shadow_at = Point::new(
            quad.center().x + self.layout.range(-0.25, 0.25) * side,
            quad.center().y + self.layout.range(-0.25, 0.25) * side,
        );
        let (ns, nc) = sin_cos_deg(self.layout.range(0.0, 360.0));
        let softness = self.layout.range(0.05, 0.12) * self.short();
        let (mut print_sigma, mut ink_spread) = (0.06 * code.module, 0.1);
        match condition {
            Condition::Paper => {
                card.set_curl(Curl {
                    edge: self.by(0.01, 0.08) * card.height,
                    bulge: self.by(0.1, 1.2) * code.module,
                });
                lighting.shadow = Some(Shadow {
                    normal: Point::new(nc, ns),
                    offset: nc * shadow_at.x + ns * shadow_at.y,
                    softness,
                    depth: self.by(0.15, 0.75) as f32,
                });
                print_sigma = self.by(0.05, 0.4) * code.module;
                ink_spread = self.by(0.1, 1.0);
            }
            Condition::LowContrast => {
                let (dark, light) = (self.by(80.0, 112.0), self.by(186.0, 148.0));
                lighting.gradient.1 *= 0.3;
                lighting.vignette *= 0.4;
                let centre = quad.center();
                let e = lighting.incident(centre) * lighting.vignetting(centre);
                let level =
                    |target: f64, c: usize| (target as f32) / (e * lighting.tint[c] * camera.gains[c]);
                if let Some(print) = &mut card.print {
                    print.ink = [0, 1, 2].map(|c| level(dark, c));
                    print.paper = [0, 1, 2].map(|c| level(light, c));
                }
                card.base = [0, 1, 2].map(|c| level(light + 4.0, c));
                for patch in &mut card.patches {
                    patch.colour = patch.colour.map(|v| 0.35 * v + 0.65 * light as f32);
                }
                camera.noise.read = 3.0;
            }
            Condition::Blur => {
                camera.blur = (BASE_BLUR * BASE_BLUR + (self.by(0.1, 0.5) * frame_module).powi(2)).sqrt();
            }
            Condition::Noise => {
                lighting.ambient *= 0.8;
                camera.noise = SensorNoise {
                    read: self.by(5.0, 30.0) as f32,
                    shot: 0.6,
                    chroma: self.by(2.0, 10.0) as f32,
                    hot_per_million: self.by(10.0, 300.0) as f32,
                };
            }
            _ => {}
        }
        let codes = vec![self.prepare(0, side, print_sigma, ink_spread as f32)];
        let mut surfaces = clutter;
        surfaces.push(card);
        let mut scene = self.scene(background, surfaces, codes);
        if condition == Condition::LowContrast {
            scene.background.dark = scene.background.dark.map(|c| c * 0.55);
            scene.background.light = scene.background.light.map(|c| c * 0.55);
        }
        scene.lighting = lighting;
        scene.camera = camera;
        scene
    }

    /// A clutter item whose longest side is about `scale` of the frame's short side, anywhere,
    /// at any angle. One unit of it is one pixel.
    fn clutter_item(&mut self, scale: f64) -> Surface {
        let length = self.short() * scale * self.layout.range(0.6, 1.4);
        let (mut item, anchor) = props::clutter(&mut self.layout, length);
        let pose = Pose::flat(self.layout.range(0.0, 360.0));
        let centre = Point::new(self.layout.range(0.0, self.w()), self.layout.range(0.0, self.h()));
        item.place(&pose, anchor, centre, (anchor[2] * anchor[3]).sqrt());
        item
    }

    /// Two cards side by side, the second partly over the first but never over its code.
    fn two_codes(&mut self) -> Scene {
        let background = props::desk(&mut self.layout, &mut self.texture, self.width, self.height);
        let mut cards = Vec::new();
        let mut poses = Vec::new();
        let mut centres = Vec::new();
        let codes = self.codes;
        for (i, code) in codes.iter().enumerate() {
            let (card, anchor) =
                props::card(&mut self.layout, code.width as f64, code.height as f64, 0.1, Some(i));
            cards.push((card, anchor));
            poses.push(Pose {
                roll: self.swing() * self.by(3.0, 15.0),
                pitch: self.swing() * self.by(2.0, 10.0),
                yaw: self.swing() * self.by(2.0, 10.0),
                distance: 3.0,
            });
            let x = if i == 0 { 0.27 } else { 0.73 };
            centres.push(Point::new(self.w() * x, self.h() * (0.5 + self.layout.range(-0.08, 0.08))));
        }
        let mut side = (0.34 * self.w()).min(0.62 * self.h());
        let mut quads = Vec::new();
        for _ in 0..30 {
            quads.clear();
            for ((card, anchor), (pose, centre)) in cards.iter_mut().zip(poses.iter().zip(&centres)) {
                quads.push(self.fit(card, *anchor, pose, *centre, side));
            }
            let covered = cards[1].0.outline().overlaps(&quads[0]) || quads[0].overlaps(&quads[1]);
            if !covered {
                break;
            }
            side *= 0.94;
        }
        let lighting = self.lighting();
        let camera = self.camera(0.0);
        let codes = (0..2)
            .map(|i| self.prepare(i, quads[i].area().sqrt(), 0.06 * self.codes[i].module, 0.1))
            .collect();
        let mut scene = self.scene(background, cards.into_iter().map(|(card, _)| card).collect(), codes);
        scene.lighting = lighting;
        scene.camera = camera;
        scene
    }

    /// A desk with clutter and a printed card that carries no code.
    fn no_code(&mut self) -> Scene {
        let background = props::desk(&mut self.layout, &mut self.texture, self.width, self.height);
        let mut surfaces: Vec<Surface> = (0..3).map(|_| self.clutter_item(0.35)).collect();
        let (mut card, anchor) = props::card(&mut self.layout, NOMINAL_CODE, NOMINAL_CODE, 0.14, None);
        let pose = Pose {
            roll: self.swing() * 10.0,
            pitch: self.swing() * 10.0,
            yaw: self.swing() * 10.0,
            distance: 3.0,
        };
        let centre = Point::new(self.w() * 0.5, self.h() * 0.5);
        self.fit(&mut card, anchor, &pose, centre, 0.5 * self.short());
        surfaces.push(card);
        let lighting = self.lighting();
        let camera = self.camera(0.0);
        let mut scene = self.scene(background, surfaces, Vec::new());
        scene.lighting = lighting;
        scene.camera = camera;
        scene
    }
}
