//! The `oim-search` command: parse the arguments, run the subcommand, print
//! one error line and exit with a documented code.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::parse();
    let result = cli::run(args);
    cli::report_timings();
    match result {
        Ok(code) => code.into(),
        Err(err) => {
            // a closed pipe (`| head`) is not an error worth a message
            if err.chain().any(|e| {
                e.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            let code = cli::exit_code_for(&err);
            eprintln!("oim-search: error: {}", cli::one_line(&err));
            code.into()
        }
    }
}
