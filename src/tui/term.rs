//! The terminal around the app: raw mode, the alternate screen, mouse and
//! bracketed paste, and putting all of it back on every way out (quit,
//! error, panic through a panic hook, and the platform's ways of ending a
//! program from outside through flags the loop checks: SIGTERM and SIGHUP
//! on Unix; Ctrl-C, Ctrl-Break and closing the window on Windows).

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

/// A request from outside to end the editor, and the exit code it ends with.
#[derive(Clone)]
struct Ending {
    flag: Arc<AtomicBool>,
    code: i32,
}

/// Returns the first ending that has been asked for, as its exit code.
fn asked(endings: &[Ending]) -> Option<i32> {
    endings.iter().find(|e| e.flag.load(Ordering::Relaxed)).map(|e| e.code)
}

/// Unix: SIGTERM (`kill`, a logout) and SIGHUP (the terminal closed) end
/// the editor with 128 + the signal, as a shell reports a signal's death.
/// In raw mode Ctrl-C is a key, not SIGINT.
#[cfg(unix)]
fn endings() -> io::Result<Vec<Ending>> {
    use signal_hook::consts::{SIGHUP, SIGTERM};
    let mut endings = Vec::new();
    for signal in [SIGTERM, SIGHUP] {
        let flag = Arc::new(AtomicBool::new(false));
        signal_hook::flag::register(signal, Arc::clone(&flag))?;
        endings.push(Ending { flag, code: 128 + signal });
    }
    Ok(endings)
}

/// Windows: the console's control events (Ctrl-C before raw mode or sent
/// by another program, Ctrl-Break, which raw mode does not turn into a
/// key, closing the window, logoff and shutdown) all reach one handler
/// (the `ctrlc` crate); the editor ends with 0xC000013A, the status
/// Windows itself gives a program that Ctrl-C ends (cmd shows -1073741510).
/// A closed window gives the process only a moment (the system ends it
/// once the handler returns): the journal already holds every edit and the
/// lock is the OS's, so nothing is lost when the restore cannot run.
#[cfg(windows)]
fn endings() -> io::Result<Vec<Ending>> {
    const STATUS_CONTROL_C_EXIT: u32 = 0xC000_013A;
    let flag = Arc::new(AtomicBool::new(false));
    let set = Arc::clone(&flag);
    ctrlc::set_handler(move || set.store(true, Ordering::Relaxed)).map_err(io::Error::other)?;
    Ok(vec![Ending { flag, code: STATUS_CONTROL_C_EXIT as i32 }])
}

/// Ends the process on a request from outside even when the loop cannot
/// see the flag: when the terminal hangs up, crossterm's `event::poll`
/// spins on the dead descriptor and never returns. The loop gets a moment
/// to exit by itself first; the recovery journal keeps any unsaved edits
/// either way.
fn watchdog(endings: Vec<Ending>) {
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(Duration::from_millis(100));
            let Some(code) = asked(&endings) else { continue };
            std::thread::sleep(Duration::from_millis(500));
            restore();
            std::process::exit(code);
        }
    });
}

/// Runs the draw → event → update loop until the app quits or a request
/// from outside arrives; returns the exit code.
pub fn run(app: &mut App) -> io::Result<i32> {
    let endings = endings()?;
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
    watchdog(endings.clone());
    let mut terminal = setup()?;
    let result = event_loop(app, &mut terminal, &endings);
    restore();
    let _ = std::panic::take_hook();
    result
}

fn event_loop(app: &mut App, terminal: &mut Terminal<CrosstermBackend<Stdout>>, endings: &[Ending]) -> io::Result<i32> {
    let size = terminal.size()?;
    app.resize(size.width, size.height);
    loop {
        if let Some(code) = asked(endings) {
            return Ok(code);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn ending(code: i32) -> Ending {
        Ending { flag: Arc::new(AtomicBool::new(false)), code }
    }

    #[test]
    fn the_first_ending_asked_for_gives_the_exit_code() {
        let endings = [ending(143), ending(129)];
        assert_eq!(asked(&endings), None);
        endings[1].flag.store(true, Ordering::Relaxed);
        assert_eq!(asked(&endings), Some(129));
        endings[0].flag.store(true, Ordering::Relaxed);
        assert_eq!(asked(&endings), Some(143));
    }

    // Issue #24: the editor did not build for Windows (SIGHUP) and had no
    // answer to Ctrl-Break or a closed window. The console handler is set
    // (this fails where the console refuses it) and ends with Windows' own
    // status for a program Ctrl-C ends.
    #[cfg(windows)]
    #[test]
    fn console_control_events_end_the_editor_on_windows() {
        let endings = endings().expect("the console control handler is set");
        assert_eq!(endings.len(), 1);
        assert_eq!(endings[0].code as u32, 0xC000_013A);
        assert_eq!(asked(&endings), None);
    }
}
