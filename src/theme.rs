//! Colours from the 16 ANSI colours only, on the terminal's own background,
//! and none at all under NO_COLOR. Colour only ever repeats what a text
//! marker already says.
//!
//! Four looks: the standard one (as before), one for dark terminals (the
//! bright colours, no dark grey), one for light terminals (no yellow or
//! cyan, which wash out on white) and a high-contrast one for projectors
//! and presentation mode (bold, nothing dimmed).

use ratatui::style::{Color, Modifier, Style};

/// Which background the colours are chosen for (`--theme`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Look {
    #[default]
    Standard,
    Dark,
    Light,
    Contrast,
}

impl Look {
    /// Every look, with the name `--theme` takes.
    pub const ALL: [(Look, &'static str); 4] =
        [(Look::Standard, "standard"), (Look::Dark, "mørk"), (Look::Light, "lys"), (Look::Contrast, "kontrast")];

    /// The look `--theme` names (`mork` too, for keyboards without ø).
    pub fn parse(name: &str) -> Option<Look> {
        let name = name.trim().to_lowercase();
        let name = if name == "mork" { "mørk".to_string() } else { name };
        Look::ALL.iter().find(|(_, n)| *n == name).map(|(look, _)| *look)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
    pub look: Look,
}

/// The colours of one look: the foreground of each kind of text.
struct Palette {
    dim: Option<Color>,
    danger: Color,
    warning: Color,
    good: Color,
    accent: Color,
}

impl Theme {
    /// Honours NO_COLOR (https://no-color.org): set and not empty means no colour.
    pub fn from_env() -> Theme {
        Theme::with_look(Look::Standard)
    }

    /// The look chosen, with colour unless NO_COLOR says otherwise.
    pub fn with_look(look: Look) -> Theme {
        Theme { color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()), look }
    }

    pub fn plain() -> Theme {
        Theme { color: false, look: Look::Standard }
    }

    /// The standard look in colour (tests check its colours).
    pub fn coloured() -> Theme {
        Theme { color: true, look: Look::Standard }
    }

    /// The same colour setting in the high-contrast look (presentation mode).
    pub fn high_contrast(self) -> Theme {
        Theme { look: Look::Contrast, ..self }
    }

    fn palette(&self) -> Palette {
        match self.look {
            Look::Standard => Palette {
                dim: Some(Color::DarkGray),
                danger: Color::Red,
                warning: Color::Yellow,
                good: Color::Green,
                accent: Color::Cyan,
            },
            Look::Dark => Palette {
                dim: Some(Color::Gray),
                danger: Color::LightRed,
                warning: Color::LightYellow,
                good: Color::LightGreen,
                accent: Color::LightCyan,
            },
            Look::Light => Palette {
                dim: Some(Color::DarkGray),
                danger: Color::Red,
                warning: Color::Magenta,
                good: Color::Green,
                accent: Color::Blue,
            },
            // Nothing dimmed: on a projector grey disappears.
            Look::Contrast => Palette {
                dim: None,
                danger: Color::Red,
                warning: Color::Yellow,
                good: Color::Green,
                accent: Color::Cyan,
            },
        }
    }

    /// Bold on top of every colour in the high-contrast look.
    fn emphasis(&self) -> Style {
        if self.look == Look::Contrast { Style::default().add_modifier(Modifier::BOLD) } else { Style::default() }
    }

    fn fg(&self, color: Color) -> Style {
        let style = self.emphasis();
        if self.color { style.fg(color) } else { style }
    }

    pub fn text(&self) -> Style {
        Style::default()
    }

    pub fn bold(&self) -> Style {
        Style::default().add_modifier(Modifier::BOLD)
    }

    pub fn dim(&self) -> Style {
        match self.palette().dim {
            Some(color) if self.color => Style::default().fg(color),
            _ => Style::default(),
        }
    }

    pub fn danger(&self) -> Style {
        let style = self.fg(self.palette().danger).add_modifier(Modifier::BOLD);
        if self.look == Look::Contrast { style.add_modifier(Modifier::UNDERLINED) } else { style }
    }

    pub fn warning(&self) -> Style {
        self.fg(self.palette().warning)
    }

    pub fn good(&self) -> Style {
        self.fg(self.palette().good)
    }

    pub fn accent(&self) -> Style {
        self.fg(self.palette().accent)
    }

    pub fn selected(&self) -> Style {
        self.emphasis().add_modifier(Modifier::REVERSED)
    }

    pub fn tab_active(&self) -> Style {
        self.fg(self.palette().accent).add_modifier(Modifier::BOLD | Modifier::REVERSED)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_look_is_named_and_read_back() {
        for (look, name) in Look::ALL {
            assert_eq!(Look::parse(name), Some(look));
            assert_eq!(Look::parse(&name.to_uppercase()), Some(look));
        }
        assert_eq!(Look::parse("mork"), Some(Look::Dark));
        assert_eq!(Look::parse("blå"), None);
    }

    #[test]
    fn the_light_look_has_no_colour_that_washes_out_on_white() {
        let light = Theme { color: true, look: Look::Light };
        for style in [light.dim(), light.danger(), light.warning(), light.good(), light.accent(), light.tab_active()] {
            let fg = style.fg.unwrap_or(Color::Reset);
            assert!(![Color::Yellow, Color::LightYellow, Color::Cyan, Color::LightCyan, Color::White].contains(&fg));
        }
    }

    #[test]
    fn the_dark_look_has_no_dark_grey_or_blue() {
        let dark = Theme { color: true, look: Look::Dark };
        for style in [dark.dim(), dark.danger(), dark.warning(), dark.good(), dark.accent(), dark.tab_active()] {
            let fg = style.fg.unwrap_or(Color::Reset);
            assert!(![Color::DarkGray, Color::Black, Color::Blue].contains(&fg), "{fg:?}");
        }
    }
}
