//! The terminal around the app: raw mode, the alternate screen, mouse and
//! bracketed paste, and putting all of it back on every way out (quit,
//! error, panic through a panic hook, SIGTERM/SIGHUP through a flag the
//! loop checks).

use std::io::{self, Stdout};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture, Event,
};
use crossterm::execute;
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use super::app::App;

/// Puts the terminal back as the shell expects it. Safe to call twice.
pub fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
}

fn setup() -> io::Result<Terminal<CrosstermBackend<Stdout>>> {
    enable_raw_mode()?;
    let mut out = io::stdout();
    let clear = crossterm::terminal::Clear(crossterm::terminal::ClearType::All);
    if let Err(e) = execute!(out, EnterAlternateScreen, EnableMouseCapture, EnableBracketedPaste, clear) {
        restore();
        return Err(e);
    }
    let mut t = Terminal::new(CrosstermBackend::new(out))?;
    // No `Terminal::clear` here: it asks the terminal where the cursor is,
    // which some terminals (and test harnesses) never answer.
    t.hide_cursor()?;
    Ok(t)
}

/// Ends the process on SIGTERM or SIGHUP even when the loop cannot see the
/// flag: when the terminal hangs up, crossterm's `event::poll` spins on the
/// dead descriptor and never returns. The loop gets a moment to exit by
/// itself first; the recovery journal keeps any unsaved edits either way.
fn watchdog(term_signal: Arc<AtomicBool>, hup_signal: Arc<AtomicBool>) {
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(Duration::from_millis(100));
            let code = if term_signal.load(Ordering::Relaxed) {
                128 + signal_hook::consts::SIGTERM
            } else if hup_signal.load(Ordering::Relaxed) {
                128 + signal_hook::consts::SIGHUP
            } else {
                continue;
            };
            std::thread::sleep(Duration::from_millis(500));
            restore();
            std::process::exit(code);
        }
    });
}

/// Runs the draw → event → update loop until the app quits or a signal
/// arrives; returns the exit code.
pub fn run(app: &mut App) -> io::Result<i32> {
    let term_signal = Arc::new(AtomicBool::new(false));
    let hup_signal = Arc::new(AtomicBool::new(false));
    signal_hook::flag::register(signal_hook::consts::SIGTERM, Arc::clone(&term_signal))?;
    signal_hook::flag::register(signal_hook::consts::SIGHUP, Arc::clone(&hup_signal))?;
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
    watchdog(Arc::clone(&term_signal), Arc::clone(&hup_signal));
    let mut terminal = setup()?;
    let result = event_loop(app, &mut terminal, &term_signal, &hup_signal);
    restore();
    let _ = std::panic::take_hook();
    result
}

fn event_loop(
    app: &mut App,
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    term_signal: &AtomicBool,
    hup_signal: &AtomicBool,
) -> io::Result<i32> {
    let size = terminal.size()?;
    app.resize(size.width, size.height);
    loop {
        if term_signal.load(Ordering::Relaxed) {
            return Ok(128 + signal_hook::consts::SIGTERM);
        }
        if hup_signal.load(Ordering::Relaxed) {
            return Ok(128 + signal_hook::consts::SIGHUP);
        }
        app.tick(Instant::now());
        terminal.draw(|f| f.render_widget(&*app, f.area()))?;
        // Lets the test suite prove that a panic restores the terminal;
        // compiled into debug builds only.
        #[cfg(debug_assertions)]
        if std::env::var_os("LANSPLAN_DEBUG_PANIC").is_some() {
            panic!("LANSPLAN_DEBUG_PANIC is set");
        }
        if !event::poll(Duration::from_millis(250))? {
            continue;
        }
        match event::read()? {
            Event::Key(k) => app.handle_key(k),
            Event::Mouse(m) => app.handle_mouse(m),
            Event::Paste(p) => app.handle_paste(&p),
            Event::Resize(w, h) => app.resize(w, h),
            _ => {}
        }
        if app.quit {
            return Ok(0);
        }
    }
}
