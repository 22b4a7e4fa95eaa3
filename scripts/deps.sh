#!/usr/bin/env bash
# Installs what govinfo needs to build and run, when it is missing (Debian 12).
# Sourced by scripts/test.sh and scripts/demo.sh; safe to run again.
gi_need_sudo() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# gi_install_deps [sanitizers] [checks] [formats]: "sanitizers" also installs
# clang-14 and its runtime libraries (AddressSanitizer, UBSan, libFuzzer) when
# no clang is there, for the test command's sanitizer and fuzzing runs;
# "checks" plpgsql_check and valgrind, for its plpgsql and memcheck runs;
# "formats" pandoc, poppler-utils, LibreOffice (Writer, Calc) and tesseract
# with its chi_sim data, for govinfo-import's tests of those formats.
gi_install_deps() {
    local pgver=${PGVER:-15}
    local pkgs=""
    case " $* " in *" sanitizers "*)
        if ! command -v clang-14 >/dev/null 2>&1 && ! command -v clang >/dev/null 2>&1; then
            pkgs="$pkgs clang-14 libclang-rt-14-dev"
        fi
    esac
    case " $* " in *" checks "*)
        [ -f "/usr/share/postgresql/$pgver/extension/plpgsql_check.control" ] \
            || pkgs="$pkgs postgresql-$pgver-plpgsql-check"
        command -v valgrind >/dev/null 2>&1 || pkgs="$pkgs valgrind"
    esac
    # "formats": the converters govinfo-import runs, so that its tests read
    # .docx, .doc/.wps, .xls/.xlsx, PDFs and scans for real
    case " $* " in *" formats "*)
        command -v pandoc >/dev/null 2>&1 || pkgs="$pkgs pandoc"
        command -v pdftoppm >/dev/null 2>&1 || pkgs="$pkgs poppler-utils"
        command -v soffice >/dev/null 2>&1 || pkgs="$pkgs libreoffice-writer-nogui libreoffice-calc-nogui"
        [ -d /usr/share/tesseract-ocr ] && ls /usr/share/tesseract-ocr/*/tessdata/chi_sim.traineddata >/dev/null 2>&1 \
            || pkgs="$pkgs tesseract-ocr tesseract-ocr-chi-sim"
    esac
    command -v pg_virtualenv >/dev/null 2>&1 || pkgs="$pkgs postgresql-common"
    [ -x "/usr/lib/postgresql/$pgver/bin/postgres" ] || pkgs="$pkgs postgresql-$pgver"
    [ -x "/usr/lib/postgresql/$pgver/bin/pg_config" ] && [ -f "/usr/include/postgresql/$pgver/server/postgres.h" ] \
        || pkgs="$pkgs postgresql-server-dev-$pgver"
    [ -f /usr/include/postgresql/libpq-fe.h ] || pkgs="$pkgs libpq-dev"
    command -v make >/dev/null 2>&1 || pkgs="$pkgs make"
    command -v gcc >/dev/null 2>&1 || pkgs="$pkgs gcc"
    command -v python3 >/dev/null 2>&1 || pkgs="$pkgs python3"
    if [ -n "$pkgs" ]; then
        echo "== installing:$pkgs"
        gi_need_sudo apt-get update -qq
        gi_need_sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $pkgs >/dev/null
    fi
    export PG_CONFIG="/usr/lib/postgresql/$pgver/bin/pg_config"
}

# gi_build_install [MAKEVAR=VALUE ...]: build and install the extension and
# govinfo-import; the test command passes WERROR=1.
gi_build_install() {
    make -s PG_CONFIG="$PG_CONFIG" "$@" >/dev/null || return 1
    gi_need_sudo make -s PG_CONFIG="$PG_CONFIG" install >/dev/null || return 1
}
