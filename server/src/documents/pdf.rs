//! Typst as a library: one template and its data in, a tagged PDF/UA-1 A4 document out.
//! The world a document compiles in has no files, no packages and no network: the
//! template is compiled in, the data arrives as JSON through `sys.inputs`, whose strings
//! are text, never markup (a customer's name cannot inject anything).

use std::sync::LazyLock;
use typst::diag::{FileError, FileResult, SourceDiagnostic, Warned};
use typst::foundations::{Bytes, Datetime, Dict, Duration, Value};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

/// Noto Sans (SIL Open Font License 1.1, `server/assets/fonts/OFL-NotoSans.txt`): Cyrillic,
/// the ruble sign, regular and bold. Embedded, so a document looks the same everywhere.
const FONT_FAMILY: &str = "Noto Sans";
static FONT_DATA: [&[u8]; 2] = [
    include_bytes!("../../assets/fonts/NotoSans-Regular.ttf"),
    include_bytes!("../../assets/fonts/NotoSans-Bold.ttf"),
];

struct Fonts {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

/// Parsed once per process.
static FONTS: LazyLock<Fonts> = LazyLock::new(|| {
    let fonts: Vec<Font> = FONT_DATA.iter().flat_map(|data| Font::iter(Bytes::new(*data))).collect();
    Fonts { book: LazyHash::new(FontBook::from_fonts(&fonts)), fonts }
});

struct DocumentWorld {
    library: LazyHash<Library>,
    main: Source,
    today: (i32, u8, u8),
}

impl World for DocumentWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }
    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.book
    }
    fn main(&self) -> FileId {
        self.main.id()
    }
    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() { Ok(self.main.clone()) } else { Err(FileError::AccessDenied) }
    }
    fn file(&self, _id: FileId) -> FileResult<Bytes> {
        Err(FileError::AccessDenied)
    }
    fn font(&self, index: usize) -> Option<Font> {
        FONTS.fonts.get(index).cloned()
    }
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        let (y, m, d) = self.today;
        Datetime::from_ymd(y, m, d)
    }
}

/// Renders `template` (Typst markup) with `data` as `sys.inputs.data` (JSON text).
/// `today` is the portal's clock, in Moscow, for the document's date.
pub fn render(
    template: &'static str,
    data: &impl serde::Serialize,
    today: (i64, u32, u32),
) -> anyhow::Result<Vec<u8>> {
    let mut inputs = Dict::new();
    // Noto Sans has no U+2212 (the minus `Kopecks::format_rub` writes for a credit), and
    // PDF/UA makes a missing glyph an error rather than an empty box: the hyphen-minus.
    let json = serde_json::to_string(data)?.replace('\u{2212}', "-");
    inputs.insert("data".into(), Value::Str(json.into()));
    inputs.insert("font".into(), Value::Str(FONT_FAMILY.into()));
    let id = FileId::new(RootedPath::new(
        VirtualRoot::Project,
        VirtualPath::new("/main.typ").map_err(|e| anyhow::anyhow!("{e:?}"))?,
    ));
    let world = DocumentWorld {
        library: LazyHash::new(Library::builder().with_inputs(inputs).build()),
        main: Source::new(id, template.into()),
        today: (today.0 as i32, today.1 as u8, today.2 as u8),
    };
    let Warned { output, .. } = typst::compile::<PagedDocument>(&world);
    let document = output.map_err(|e| anyhow::anyhow!("typst: {}", messages(&e)))?;
    let options = PdfOptions {
        standards: PdfStandards::new(&[PdfStandard::Ua_1]).map_err(|e| anyhow::anyhow!("{}", e.message()))?,
        ..PdfOptions::default()
    };
    let pdf = typst_pdf::pdf(&document, &options).map_err(|e| anyhow::anyhow!("typst-pdf: {}", messages(&e)));
    // Typst memoises every layout it computed; in a server that runs for months, with a
    // document per customer, that cache would only grow. Entries unused for the last
    // `CACHE_GENERATIONS` documents go.
    typst::comemo::evict(CACHE_GENERATIONS);
    pdf
}

/// How many documents back Typst's memoised work is kept (the fonts' and the templates'
/// shared parts are reused by every document, so they stay).
const CACHE_GENERATIONS: usize = 20;

fn messages(diagnostics: &[SourceDiagnostic]) -> String {
    diagnostics.iter().map(|d| d.message.to_string()).collect::<Vec<_>>().join("; ")
}
