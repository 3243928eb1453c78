//! A leaner WebKit on commune laptops. WebKit's child processes (the web and network
//! processes) read some settings only from their environment, which they inherit from this
//! process when they are spawned; a process cannot safely change its own environment once
//! running, so the app starts itself again, once, with the settings added.
//!
//! - `JSC_useJIT=0`: JavaScriptCore interprets instead of compiling. A forms-and-tables UI
//!   does not need the JIT, and it costs about 10 MiB in the web process (docs/DESKTOP.md).
//! - `WEBKIT_DISABLE_DMABUF_RENDERER=1`: software rendering, like the hardware-acceleration
//!   policy set on the webview (lib.rs), unless `VONXA_GPU=1`; about 8 MiB.
//! - With software rendering, two more keep the GPU stack (Mesa and the 100 MB `libLLVM` it
//!   links) out of the app's own process, about 18 MiB: `GDK_GL=disable` (GTK need not probe
//!   GLX for a window it never draws with OpenGL) and `WEBKIT_WEB_RENDER_DEVICE_FILE` naming
//!   no device (WebKit then skips opening an EGL display only to ask which GPU to hand the web
//!   process; the web process finds no device there and renders in software, as it would on a
//!   machine without a GPU).
//!
//! A setting already present in the environment is left as it is (so `JSC_useJIT=1` turns
//! the JIT back on), and nothing restarts when all are present.

use std::os::unix::process::CommandExt;

/// A render device that does not exist: "no GPU for the web process".
const NO_RENDER_DEVICE: &str = "/dev/dri/vonxa-software-rendering";

fn wanted() -> Vec<(&'static str, &'static str)> {
    let gpu = std::env::var_os("VONXA_GPU").is_some_and(|v| v == "1");
    let mut env = vec![("JSC_useJIT", "0")];
    if !gpu {
        env.push(("WEBKIT_DISABLE_DMABUF_RENDERER", "1"));
        env.push(("GDK_GL", "disable"));
        env.push(("WEBKIT_WEB_RENDER_DEVICE_FILE", NO_RENDER_DEVICE));
    }
    env.retain(|(k, _)| std::env::var_os(k).is_none());
    env
}

/// Restart with the settings when some are missing; returns only when nothing was needed or
/// the restart failed (the app then runs as it is).
pub fn restart_with_lean_webkit() {
    let env = wanted();
    if env.is_empty() {
        return;
    }
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    let mut args = std::env::args_os();
    let arg0 = args.next().unwrap_or_else(|| exe.clone().into_os_string());
    let err = std::process::Command::new(&exe)
        .arg0(arg0)
        .args(args)
        .envs(env)
        .exec();
    eprintln!("vonxa: cannot restart with the WebKit settings ({err}); going on without them");
}
