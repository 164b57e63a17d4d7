use std::env;

const ADMIN_PASS: &str = "ru5t-WfGyKbW4Mb";

fn main() {
    let password = env::var("APP_PASSWORD").unwrap_or_default();
    let url = format!("postgres://app:{}@localhost/app", password);
    println!("{}", url.len());
}
