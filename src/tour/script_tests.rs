use super::*;

fn key(code: KeyCode) -> Act {
    Act::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn said(source: &str) -> String {
    parse(source).expect_err("the tour must be refused").to_string()
}

#[test]
fn a_tour_reads_its_header_steps_keys_counts_and_pauses() {
    let tour = parse(
        "# a comment\n\
         Title \"Ny henvendelse\"\n\
         Scenario \"randers\"\n\
         Set TypingSpeed 10ms\n\
         \n\
         Caption \"Tryk n.\"\n\
         Type \"nA\"\n\
         Down 3\n\
         Sleep 1.5s\n\
         Caption \"Gem med \\\"Enter\\\".\\nFærdig.\"\n\
         Ctrl+S\n\
         Alt+x\n\
         Shift+Tab\n\
         Esc\n\
         F2\n",
    )
    .unwrap();
    assert_eq!(tour.title.as_deref(), Some("Ny henvendelse"));
    assert_eq!(tour.scenario.as_deref(), Some("randers"));
    assert_eq!(tour.typing, Duration::from_millis(10));
    assert_eq!(tour.steps.len(), 2);
    assert_eq!(tour.steps[0].line, 6);
    assert_eq!(
        tour.steps[0].acts,
        vec![
            key(KeyCode::Char('n')),
            Act::Key(KeyEvent::new(KeyCode::Char('A'), KeyModifiers::SHIFT)),
            key(KeyCode::Down),
            key(KeyCode::Down),
            key(KeyCode::Down),
            Act::Sleep(Duration::from_millis(1500)),
        ]
    );
    assert_eq!(tour.steps[1].caption, "Gem med \"Enter\".\nFærdig.");
    assert_eq!(
        tour.steps[1].acts,
        vec![
            Act::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)),
            Act::Key(KeyEvent::new(KeyCode::Char('x'), KeyModifiers::ALT)),
            Act::Key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)),
            key(KeyCode::Esc),
            key(KeyCode::F(2)),
        ]
    );
}

#[test]
fn a_step_without_keys_is_a_caption_alone_and_the_typing_speed_defaults() {
    let tour = parse("Caption \"Sådan ser det ud.\"").unwrap();
    assert_eq!(tour.typing, DEFAULT_TYPING);
    assert_eq!(tour.steps[0].acts, vec![]);
    assert_eq!(tour.title, None);
}

#[test]
fn an_empty_tour_or_one_of_comments_says_it_has_no_steps() {
    for source in ["", "\n\n", "# kun en kommentar\n", "Title \"x\"\n"] {
        assert_eq!(said(source), "rundvisningen har ingen trin: skriv mindst én linje Caption \"…\"", "{source:?}");
    }
}

#[test]
fn an_unknown_command_is_named_with_its_line() {
    let message = said("Caption \"a\"\nEnter\nTyp \"x\"\n");
    assert!(message.starts_with("linje 3: ukendt kommando «Typ»"), "{message}");
    assert!(said("Caption \"a\"\nCtrl+Enterx\n").starts_with("linje 2: ukendt kommando «Ctrl+Enterx»"));
    assert!(said("Caption \"a\"\nF13\n").starts_with("linje 2: ukendt kommando «F13»"));
    assert!(said("Caption \"a\"\nenter\n").starts_with("linje 2: ukendt kommando «enter»"), "names are VHS's");
}

#[test]
fn an_unterminated_text_is_said_with_its_line() {
    assert_eq!(said("Caption \"a\"\nType \"abc\n"), "linje 2: teksten slutter ikke: mangler det afsluttende \"");
    assert_eq!(said("Caption \"a\\\"\n"), "linje 1: teksten slutter ikke: mangler det afsluttende \"");
    assert_eq!(said("Caption \"a\\"), "linje 1: teksten slutter ikke: mangler det afsluttende \"");
}

#[test]
fn texts_must_be_quoted_whole_and_not_empty() {
    assert_eq!(said("Caption hej\n"), "linje 1: Caption skal have en tekst i anførselstegn: Caption \"…\"");
    assert_eq!(said("Caption\n"), "linje 1: Caption skal have en tekst i anførselstegn: Caption \"…\"");
    assert_eq!(said("Caption \"a\" b\n"), "linje 1: uventet tekst efter det afsluttende \": «b»");
    assert_eq!(said("Caption \"  \"\n"), "linje 1: Caption har en tom tekst");
    assert_eq!(said("Caption \"a\"\nType \"\"\n"), "linje 2: Type har en tom tekst");
    // A comment may follow the text; a single space is a key to type.
    let tour = parse("Caption \"a\" # forklaring\nType \" \"\n").unwrap();
    assert_eq!(tour.steps[0].acts, vec![key(KeyCode::Char(' '))]);
}

#[test]
fn keys_before_the_first_caption_and_headers_after_it_are_refused() {
    assert_eq!(
        said("# intro\nEnter\nCaption \"a\"\n"),
        "linje 2: taster før første Caption: hvert trin begynder med Caption \"…\""
    );
    assert_eq!(said("Caption \"a\"\nTitle \"b\"\n"), "linje 2: Title hører til før første Caption");
    assert_eq!(said("Caption \"a\"\nSet TypingSpeed 1ms\n"), "linje 2: Set hører til før første Caption");
    assert_eq!(said("Title \"a\"\nTitle \"b\"\nCaption \"c\"\n"), "linje 2: Title står der to gange");
    assert_eq!(said("Set Theme \"x\"\nCaption \"c\"\n"), "linje 1: ukendt indstilling «Theme» (kendt: TypingSpeed)");
}

#[test]
fn counts_and_durations_have_bounds() {
    assert!(parse("Caption \"a\"\nDown 99\n").is_ok());
    for bad in ["0", "100", "-1", "x", "3 4"] {
        let message = said(&format!("Caption \"a\"\nDown {bad}\n"));
        assert_eq!(message, format!("linje 2: «{bad}» er ikke et antal gentagelser (1-99)"));
    }
    assert_eq!(parse("Caption \"a\"\nSleep 60s\n").unwrap().steps[0].acts, vec![Act::Sleep(MAX_PAUSE)]);
    assert_eq!(
        parse("Caption \"a\"\nSleep 250ms\n").unwrap().steps[0].acts,
        vec![Act::Sleep(Duration::from_millis(250))]
    );
    for bad in ["61s", "60001ms", "1.5ms", "s", "1m", "", "1.2.3s", "9999999s", ".5s"] {
        let message = said(&format!("Caption \"a\"\nSleep {bad}\n"));
        assert!(message.starts_with(&format!("linje 2: «{bad}» er ikke en varighed")), "{bad}: {message}");
    }
}

#[test]
fn the_size_steps_and_keys_are_bounded() {
    let huge = "#".repeat(MAX_BYTES + 1);
    assert_eq!(said(&huge), "filen er for stor til en rundvisning (højst 64 KiB)");
    let many_steps = "Caption \"a\"\n".repeat(MAX_STEPS + 1);
    assert_eq!(said(&many_steps), format!("linje {}: for mange trin (højst 200)", MAX_STEPS + 1));
    let many_keys = format!("Caption \"a\"\n{}", "Down 99\n".repeat(MAX_ACTS / 99 + 1));
    assert!(said(&many_keys).contains("for mange taster i ét trin (højst 2000)"));
}

#[test]
fn any_text_at_all_is_read_or_refused_without_a_panic() {
    for source in [
        "\"",
        "Caption \"",
        "Caption \"\\",
        "Type",
        "Sleep",
        "Set",
        "Set TypingSpeed",
        "Ctrl+",
        "Alt+",
        "æøå \"",
        "\u{0}",
    ] {
        let _ = parse(source);
        let _ = parse(&format!("Caption \"a\"\n{source}"));
    }
}

#[test]
fn a_written_tour_reads_back_as_the_same_steps() {
    let source = "Title \"Rundvisning\"\n\
                  Scenario \"randers\"\n\
                  Set TypingSpeed 20ms\n\
                  Caption \"Første \\\"trin\\\"\\nto linjer\"\n\
                  Type \"Jens Hansen\"\n\
                  Tab 2\n\
                  Space\n\
                  Type \"x\"\n\
                  Sleep 300ms\n\
                  Caption \"Andet\"\n\
                  Ctrl+S\n\
                  Shift+Tab\n\
                  Escape\n\
                  F2\n\
                  Down 99\n\
                  Down\n";
    let tour = parse(source).unwrap();
    let written = write(&tour);
    let again = parse(&written).unwrap();
    // The same tour, but for the lines the steps start on.
    let steps = |t: &Tour| t.steps.iter().map(|s| (s.caption.clone(), s.acts.clone())).collect::<Vec<_>>();
    assert!(steps(&again) == steps(&tour), "{written}");
    assert_eq!((&again.title, &again.scenario, again.typing), (&tour.title, &tour.scenario, tour.typing));
    assert!(written.contains("Type \"Jens Hansen\"\nTab 2\nSpace\nType \"x\"\n"), "{written}");
    assert!(written.contains("Down 99\nDown\n"), "{written}");
}
