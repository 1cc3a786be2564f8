"""Language identification: sentences/s and accuracy of lingua (restricted) and langdetect.

    python benchmarks/bench_langid.py [--repeat N]

40 hand-written sentences, half Spanish, half English; 14 of them only 2-5 words long
(where detectors disagree most). Prints one line per detector; lingua-fast is lingua's
low-accuracy mode, which `translate` uses for its whole-document majority vote.
"""

from __future__ import annotations

import argparse
import time

from edtools.langid import detect_language

SENTENCES = [
    ("es", "El ministro de Gobierno habló con la prensa."),
    ("es", "La Asamblea Nacional aprobó el presupuesto general del Estado para el próximo año."),
    ("es", "La Policía detuvo a tres personas en el sur de Quito durante la madrugada del lunes."),
    ("es", "Según el informe, las lluvias afectaron a más de 1.500 familias en cinco provincias de la Sierra."),
    ("es", "El presidente viajará a Cuenca el 16 de noviembre para inaugurar el nuevo hospital."),
    ("es", "La canciller se reunió con sus homólogos de la región para tratar la crisis migratoria."),
    ("es", "Los transportistas anunciaron un paro si el Gobierno no revisa el precio del diésel."),
    ("es", "La Corte Constitucional dio paso a la consulta popular sobre la explotación minera."),
    ("es", "Los vecinos protestaron frente a la alcaldía por la falta de agua potable."),
    ("es", "El Banco Central informó que la economía creció un 2,9 % en el tercer trimestre."),
    ("es", "Sin embargo, la oposición pidió la comparecencia del ministro ante el pleno."),
    ("es", "La capacitación de los agentes durará seis meses y empezará en enero."),
    ("es", "Hubo cortes de luz en Guayaquil."),
    ("es", "Gracias a todos."),
    ("es", "¿Qué pasó ayer?"),
    ("es", "Buenos días, señor."),
    ("es", "Se suspendieron las clases."),
    ("es", "Ya llegó la ayuda."),
    ("es", "No hay heridos."),
    ("es", "El paro continúa."),
    ("en", "The Minister of Government spoke with the press."),
    ("en", "The National Assembly approved the general state budget for next year."),
    ("en", "Police arrested three people in southern Quito in the early hours of Monday."),
    ("en", "According to the report, the rains affected more than 1,500 families in five provinces."),
    ("en", "The president will travel to Cuenca on November 16 to open the new hospital."),
    ("en", "The foreign minister met her counterparts from the region to discuss the migration crisis."),
    ("en", "Transport unions announced a strike if the government does not review the price of diesel."),
    ("en", "The Constitutional Court cleared the way for the referendum on mining."),
    ("en", "Residents protested outside the town hall over the lack of drinking water."),
    ("en", "The Central Bank said the economy grew 2.9% in the third quarter."),
    ("en", "However, the opposition asked the minister to appear before the full assembly."),
    ("en", "The training of the officers will last six months and start in January."),
    ("en", "There were power cuts in Guayaquil."),
    ("en", "Thanks to everyone."),
    ("en", "What happened yesterday?"),
    ("en", "Good morning, sir."),
    ("en", "Classes were suspended."),
    ("en", "The aid has arrived."),
    ("en", "No one was hurt."),
    ("en", "The strike goes on."),
]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    for label, detector, fast in (("lingua", "lingua", False), ("lingua-fast", "lingua", True),
                                  ("langdetect", "langdetect", False)):
        t0 = time.perf_counter()
        detect_language("calentamiento", detector, fast=fast)  # build the detector once
        load = time.perf_counter() - t0
        t0 = time.perf_counter()
        correct = 0
        for _ in range(args.repeat):
            correct = sum(detect_language(text, detector, fast=fast)[0] == lang for lang, text in SENTENCES)
        secs = time.perf_counter() - t0
        n = len(SENTENCES) * args.repeat
        wrong = [text for lang, text in SENTENCES if detect_language(text, detector, fast=fast)[0] != lang]
        print(f"{label:<12} {n / secs:>10,.0f} sentences/s   accuracy {correct}/{len(SENTENCES)}   "
              f"load {load:.2f} s   wrong: {wrong[:4]}")


if __name__ == "__main__":
    main()
