// Every sentence the citizen pages say, in Korean and English side by side. Error sentences are
// not here: they come from src/copy/errors.ts, the same table the API answers with
// (see error-text.ts).
import type { Lang } from "./lang";

const TEXT = {
  siteName: { ko: "코로나19 예방접종 사전예약", en: "COVID-19 vaccination booking" },
  switchLang: { ko: "English", en: "한국어" },
  skipToContent: { ko: "본문으로 건너뛰기", en: "Skip to content" },
  officialBanner: {
    ko: "이 누리집은 대한민국 공식 전자정부 누리집입니다.",
    en: "An official website of the government of the Republic of Korea.",
  },
  operatedBy: { ko: "운영: {operator}", en: "Run by {operator}" },
  footerPrivacy: {
    ko: "이 사이트는 주민등록번호를 저장하지 않습니다. 순번과 예약은 서버가 지킵니다.",
    en: "This site never stores your resident registration number. Your place and your booking are kept on our servers.",
  },
  footerPhone: {
    ko: "인터넷 사용이 어려우면 전화 예약 또는 주민센터에서 대신 예약할 수 있습니다.",
    en: "If you cannot use the internet, book by phone or at your local community centre.",
  },
  helpLine: { ko: "예약 상담 전화: {phone}", en: "Help line: {phone}" },
  helpLineHours: {
    ko: "전화로도 예약하고, 예약을 확인·변경·취소할 수 있습니다.",
    en: "By phone you can also book, and check, change or cancel a booking.",
  },
  privacyLink: { ko: "개인정보 처리방침", en: "Privacy notice" },
  accessibilityLink: { ko: "접근성 안내", en: "Accessibility statement" },
  privacyTitle: { ko: "개인정보 처리방침", en: "Privacy notice" },
  privacyIntro: {
    ko: "{operator}은(는) 예방접종 예약에 꼭 필요한 정보만 다룹니다.",
    en: "{operator} handles only what booking a vaccination needs.",
  },
  privacyIdHeading: { ko: "주민등록번호", en: "Your resident registration number" },
  privacyIdText: {
    ko: "번호는 저장하지 않습니다. 받을 때마다 읽어서 예약 대상인지 확인하고, 되돌릴 수 없는 값(암호화된 요약값)으로 바꾸어 한 분에게 순번 하나만 주는 데 씁니다. 이 요약값은 예약 기록과 함께 이번 접종 기간 동안 보관됩니다.",
    en: "We never store the number. Each time you send it we read it to check you can book here, and turn it into a value that cannot be turned back (a keyed hash) so that each person gets one place. That value is kept with your place and booking for this vaccination campaign.",
  },
  privacyNameHeading: { ko: "이름과 예약", en: "Your name and booking" },
  privacyNameText: {
    ko: "입력한 이름과 예약(접종기관, 일시)은 예약이 있는 동안 보관하며, 예약 영수증과 주민등록번호를 함께 제시한 경우에만 보여 드립니다.",
    en: "The name you type and your booking (clinic, date and time) are kept as long as the booking, and shown only to someone with its receipt and the person's number.",
  },
  privacyDeviceHeading: { ko: "이 기기에 남는 것", en: "What stays on this device" },
  privacyDeviceText: {
    ko: "브라우저에 순번과 예약 영수증, 그리고 여러 분의 순번을 구별하도록 태어난 날짜와 직접 붙인 이름(예: 어머니)이 저장됩니다. 주민등록번호는 기기에도 저장하지 않습니다. 공용 기기라면 다 쓴 뒤 브라우저의 사이트 데이터를 지우세요.",
    en: "Your browser keeps your place and booking receipt, and, to tell several people's places apart, their birth dates and any name you gave them (such as Mother). The number itself is not kept on the device either. On a shared device, clear this site's data in the browser when you are done.",
  },
  privacyAddressHeading: { ko: "접속 주소", en: "Your connection's address" },
  privacyAddressText: {
    ko: "짧은 시간에 너무 많은 요청을 막기 위해 접속 주소를 1분 동안만 셉니다. 기록으로 남기지 않습니다.",
    en: "To stop too many requests in a short time, your connection's address is counted for one minute, then forgotten. It is not logged.",
  },
  accessibilityTitle: { ko: "접근성 안내", en: "Accessibility statement" },
  accessibilityIntro: {
    ko: "이 누리집은 화면 낭독기, 키보드만으로도, 글자를 200%로 키워도, 자바스크립트 없이도 예약할 수 있도록 만들었습니다. 모든 화면은 배포 전에 자동 접근성 검사(axe-core)를 거칩니다.",
    en: "This site is built so that you can book with a screen reader, with a keyboard only, with text enlarged to 200%, and without JavaScript. Every page is checked automatically for accessibility problems (axe-core) before it is released.",
  },
  accessibilityKnownHeading: { ko: "알려진 한계", en: "Known limits" },
  accessibilityKnownText: {
    ko: "자동 검사로 찾을 수 없는 문제도 있습니다. 사람 확인(Turnstile)이 필요한 대상군은 자바스크립트가 있어야 대기열에 들어갈 수 있고, 예약 확인·변경 화면도 자바스크립트가 필요합니다. 이때는 전화로 예약하거나 확인할 수 있습니다.",
    en: "Automatic checks cannot find every problem. Groups that ask for a human check (Turnstile) need JavaScript to join the queue, and so does the page for checking or changing a booking; by phone you can do both.",
  },
  accessibilityContact: {
    ko: "이용에 어려움이 있으면 {phone}번으로 전화해 주세요.",
    en: "If something stops you from using this site, call {phone}.",
  },
  homeTitle: { ko: "예약 대상군", en: "Booking groups" },
  homeIntro: {
    ko: "예약은 대상군별로 정해진 시각에 열립니다. 내 대상군을 골라 예약 일정과 대상을 확인하세요.",
    en: "Booking opens for one group at a time. Choose your group to see who can book and when.",
  },
  homeEmpty: { ko: "지금 안내 중인 대상군이 없습니다.", en: "No booking groups are announced right now." },
  notFoundTitle: { ko: "페이지를 찾을 수 없습니다", en: "Page not found" },
  backHome: { ko: "대상군 목록으로", en: "All booking groups" },
  problemTitle: { ko: "요청을 처리하지 못했습니다", en: "That did not work" },

  whoHeading: { ko: "예약 대상", en: "Who can book" },
  bornBetween: { ko: "{from}부터 {to}까지 태어난 분", en: "People born from {from} to {to}" },
  rotationDigits: { ko: "태어난 날의 끝자리가 {digits}인 분", en: "Day of birth ending in {digits}" },
  scheduleHeading: { ko: "예약 일정", en: "When booking opens" },
  colOpens: { ko: "예약 시작", en: "Opens" },
  colCloses: { ko: "예약 마감", en: "Closes" },
  colWho: { ko: "대상", en: "Who" },
  everyone: { ko: "대상자 전원", en: "Everyone in this group" },
  allTimesIn: { ko: "모든 시각은 {zone} 기준입니다.", en: "All times are {zone}." },
  homeState_upcoming: { ko: "예약 전 · {at} 시작", en: "Not open yet · opens {at}" },
  homeState_prequeue: { ko: "대기실 열림 · {at} 예약 시작", en: "Waiting room open · booking opens {at}" },
  homeState_open: { ko: "예약 중 · {at} 마감", en: "Booking open · closes {at}" },
  homeState_paused: { ko: "잠시 멈춤 · {at} 마감", en: "Paused · closes {at}" },
  homeState_closed: { ko: "예약 마감", en: "Booking has closed" },
  waitingRoomNote: {
    ko: "대기실은 예약 시작 {minutes}분 전에 열립니다. 예약 시작 전에 들어온 분들의 순서는 시작 시각에 무작위로 정해지므로, 일찍 들어와도 유리하지 않습니다.",
    en: "The waiting room opens {minutes} minutes before booking opens. Everyone who arrives before the opening is put in a random order at the opening, so arriving early gives no advantage.",
  },
  statusLabel: { ko: "현재 상태", en: "Status" },
  status_upcoming: { ko: "예약 전", en: "Not open yet" },
  status_prequeue: { ko: "대기실 열림 · 예약 시작 전", en: "Waiting room open · booking not open yet" },
  status_open: { ko: "예약 중", en: "Booking is open" },
  status_paused: { ko: "잠시 멈춤 · 순번은 유지됩니다", en: "Paused · your place is kept" },
  status_closed: { ko: "예약 마감", en: "Booking has closed" },
  countdownLabel: { ko: "예약 시작까지", en: "Booking opens in" },
  countdownClosesLabel: { ko: "예약 마감까지", en: "Booking closes in" },
  serverClockNote: {
    ko: "남은 시간은 서버 시각으로 계산합니다. 기기 시계를 바꿔도 달라지지 않습니다.",
    en: "Counted on our server's clock; changing your device's clock changes nothing.",
  },

  joinHeading: { ko: "대기열에 들어가기", en: "Join the queue" },
  havePlace: { ko: "이 기기에 이미 대기 순번이 있습니다.", en: "This device already holds a place in this queue." },
  goToPlace: { ko: "대기 화면으로 가기", en: "Go to the waiting page" },
  havePlaceOther: {
    ko: "부모님 등 다른 분의 순번도 받으려면 아래에 그분의 주민등록번호를 입력하세요.",
    en: "To queue for someone else too, such as a parent, enter their number below.",
  },
  nationalIdLabel: { ko: "주민등록번호", en: "Resident registration number" },
  idShow: { ko: "번호 보기", en: "Show number" },
  idHide: { ko: "번호 가리기", en: "Hide number" },
  placeLabelLabel: { ko: "누구의 순번인가요? (선택)", en: "Who is this place for? (optional)" },
  placeLabelHint: {
    ko: "예: 어머니. 이 기기에서 여러 분의 순번을 구별하는 데에만 쓰며, 서버로 보내지 않습니다.",
    en: "For example: Mother. Only used to tell places apart on this device; it is never sent to us.",
  },
  errorSummaryHeading: { ko: "입력 내용을 확인해 주세요", en: "There is a problem" },
  errorTitlePrefix: { ko: "오류: ", en: "Error: " },
  nationalIdHint: {
    ko: "13자리 숫자 (예: 680315-1234567). 번호는 저장되지 않으며, 내 순번을 지키는 데에만 쓰입니다.",
    en: "13 digits, e.g. 680315-1234567. The number is not stored; it only keeps your place.",
  },
  turnstileNeedsJs: {
    ko: "이 대상군은 대기열에 들어가기 전에 간단한 사람 확인을 거치며, 이 확인은 자바스크립트가 켜져 있어야 작동합니다. 브라우저에서 자바스크립트를 켜거나, 전화 예약 또는 주민센터에서 예약하세요.",
    en: "This group asks for a short human check before joining the queue, and the check only works with JavaScript turned on. Turn on JavaScript in your browser, or book by phone or at your local community centre.",
  },
  joinButton: { ko: "대기열에 들어가기", en: "Join the queue" },
  joining: { ko: "들어가는 중…", en: "Joining…" },
  idLooksRight: { ko: "{birth}생 · 예약 대상입니다.", en: "Born {birth} · you can book in this group." },
  idNotInCohort: {
    ko: "{birth}생은 이 대상군이 아닙니다. 이 대상군은 {from}부터 {to}까지 태어난 분이 대상입니다.",
    en: "Someone born {birth} is not in this group. It is for people born from {from} to {to}.",
  },
  idNotYourDay: {
    ko: "{birth}생의 예약일은 따로 정해져 있습니다. 위 예약 일정에서 태어난 날의 끝자리 {digit}을(를) 확인하세요.",
    en: "People born {birth} book on their own day: see the schedule above for days of birth ending in {digit}.",
  },

  waitTitle: { ko: "대기 중", en: "In the queue" },
  waitPrequeueHeading: { ko: "예약 시작을 기다리고 있습니다", en: "Waiting for booking to open" },
  waitPrequeueText: {
    ko: "예약이 시작되면 대기실에 있는 모든 분의 순서가 무작위로 정해지고, 이 화면에 내 순번이 나타납니다.",
    en: "When booking opens, everyone in the waiting room is put in a random order and your number appears here.",
  },
  waitHeading: { ko: "차례를 기다리고 있습니다", en: "You are in the queue" },
  positionLabel: { ko: "내 순번", en: "Your number" },
  aheadLabel: { ko: "내 앞 대기 인원", en: "People ahead of you" },
  etaLabel: { ko: "예상 대기 시간", en: "Estimated wait" },
  peopleCount: { ko: "{n}명", en: "{n}" },
  updatedLabel: { ko: "마지막 확인", en: "Last updated" },
  keepPlace: {
    ko: "새로고침하거나, 창을 닫거나, 인터넷 연결이 끊겨도 순번은 그대로입니다. 같은 주민등록번호로 다시 들어오면 같은 순번을 돌려받습니다. 창을 여러 개 열어도 빨라지지 않습니다.",
    en: "Reloading, closing this page or losing your connection does not lose your place: join again with the same number and you get the same place back. Opening more windows does not move you forward.",
  },
  offline: {
    ko: "연결이 끊겼습니다. 순번은 그대로이며, 다시 연결하는 중입니다…",
    en: "Connection lost. Your place is kept; reconnecting…",
  },
  pausedStepFull: {
    ko: "지금은 줄이 잠시 멈춰 있습니다. 먼저 차례가 된 분들이 예약하는 중이라, 그분들이 예약을 마치거나 예약 시간이 끝나면 다음 분이 들어갑니다. 순번은 그대로입니다.",
    en: "The line is paused for now: the people before you are booking, and the next person goes in as they finish or their time to book runs out. Your place is kept.",
  },
  pausedByOperator: {
    ko: "운영 기관이 대기열을 잠시 멈췄습니다. 다시 움직이면 이 화면에 바로 나옵니다. 순번은 그대로입니다.",
    en: "The people running the booking have paused the line for a while. This page shows it as soon as it moves again. Your place is kept.",
  },
  pausedHeld: {
    ko: "점검을 위해 대기열과 예약을 잠시 멈췄습니다. 다시 움직이면 이 화면에 바로 나옵니다. 순번은 그대로입니다.",
    en: "The line and booking are stopped for a check. This page shows it as soon as they move again. Your place is kept.",
  },
  announcePaused: {
    ko: "순번 {position}번, 앞에 {ahead}명. 줄이 잠시 멈춰 있습니다.",
    en: "Number {position}, {ahead} people ahead. The line is paused for now.",
  },
  announce: {
    ko: "순번 {position}번, 앞에 {ahead}명, 예상 대기 시간 {eta}.",
    en: "Number {position}, {ahead} people ahead, estimated wait {eta}.",
  },
  admittedHeading: { ko: "차례가 되었습니다", en: "It is your turn" },
  admittedText: { ko: "{grantUntil}까지 예약을 마쳐 주세요.", en: "Please book before {grantUntil}." },
  bookNow: { ko: "지금 예약하기", en: "Book now" },
  expiredHeading: { ko: "예약 시간이 지났습니다", en: "Your time to book ran out" },
  expiredText: {
    ko: "{reentryUntil}까지 같은 주민등록번호로 다시 들어오면 한 번, 대기열 맨 앞으로 돌아갑니다.",
    en: "Join again with the same number before {reentryUntil} and you go to the front of the line, once.",
  },
  expiredGone: {
    ko: "대상군 화면에서 다시 들어오면 새 순번을 맨 뒤에서 받습니다.",
    en: "Join again from the group's page to get a new place at the back of the line.",
  },
  rejoin: { ko: "다시 들어가기", en: "Join again" },
  bookedHeading: { ko: "이미 예약하셨습니다", en: "You have booked" },
  cancelledHeading: { ko: "예약을 취소하셨습니다", en: "You cancelled your booking" },
  cancelledText: {
    ko: "대기 순번도 함께 없어졌습니다. 다시 예약하려면 대기열에 다시 들어오세요. 맨 뒤 순번을 받습니다.",
    en: "Your place in the line was given up with it. To book again, join the line again; you get a place at the back.",
  },
  seeBooking: { ko: "예약 내용 보기", en: "See your booking" },
  closedHeading: { ko: "이 대상군의 예약이 마감되었습니다", en: "Booking for this group has closed" },
  soldOutHeading: { ko: "지금은 예약 가능한 시간이 없습니다", en: "No times are left for now" },
  placesHeading: { ko: "이 기기에서 기다리는 분", en: "Places held on this device" },
  personN: { ko: "{n}번째 분", en: "Person {n}" },
  placeBorn: { ko: "{birth}생", en: "Born {birth}" },
  placeLabelled: { ko: "{label} · {birth}생", en: "{label} · born {birth}" },
  addPerson: { ko: "다른 분도 대기열에 넣기", en: "Queue for another person" },
  refreshNoJs: {
    ko: "이 화면은 {seconds}초마다 저절로 새로 고쳐집니다.",
    en: "This page refreshes itself every {seconds} seconds.",
  },

  bookTitle: { ko: "접종 예약", en: "Book your vaccination" },
  bookChecking: { ko: "예약할 차례인지 확인하는 중…", en: "Checking that it is your turn to book…" },
  bookNoPlaceHeading: { ko: "아직 대기열에 들어오지 않으셨습니다", en: "You are not in the line yet" },
  bookNoPlaceText: {
    ko: "예약은 대기열에서 차례가 된 분만 할 수 있습니다. 대상군 화면에서 주민등록번호로 대기열에 들어오세요.",
    en: "Only people whose turn has come in the line can book. Join the line with your resident registration number on the group's page.",
  },
  bookNotYetHeading: { ko: "아직 차례가 아닙니다", en: "It is not your turn yet" },
  bookNotYetText: {
    ko: "순번은 그대로 유지됩니다. 대기 화면에서 차례가 오면 예약할 수 있습니다.",
    en: "Your place is kept. When your turn comes, the waiting page lets you book.",
  },
  bookExpiredText: {
    ko: "대기 화면에서 맨 앞으로 다시 들어올 수 있는지 확인하세요.",
    en: "The waiting page tells you whether you can come back at the front of the line.",
  },
  backToWait: { ko: "대기 화면으로", en: "Go to the waiting page" },
  grantCountdownLabel: { ko: "남은 예약 시간", en: "Time left to book" },
  grantCountdownText: {
    ko: "시간 안에 예약하지 못하면 한 번, 대기열 맨 앞으로 다시 들어올 수 있습니다.",
    en: "If the time runs out, you may come back once, at the front of the line.",
  },
  stepClinic: { ko: "1. 접종기관 선택", en: "1. Choose a clinic" },
  regionLabel: { ko: "지역", en: "Region" },
  allRegions: { ko: "전체 지역", en: "All regions" },
  searchLabel: { ko: "기관 이름 또는 주소 검색", en: "Search by clinic name or address" },
  stepSlot: { ko: "2. 날짜와 시간 선택", en: "2. Choose a date and time" },
  chooseClinicFirst: { ko: "먼저 접종기관을 선택하세요.", en: "Choose a clinic first." },
  seatsLeft: { ko: "{n}자리 남음", en: "{n} left" },
  slotFull: { ko: "마감", en: "Full" },
  dose2Note: {
    ko: "2차 접종: {date}, 같은 접종기관에서 1차 접종과 가장 가까운 시각으로 함께 예약됩니다.",
    en: "Second dose: {date}, at the same clinic, at the time nearest your first dose; both are booked together.",
  },
  noDose2Seat: { ko: "2차 접종 자리 없음", en: "No second-dose seat" },
  dose2Short: { ko: "2차 {date}", en: "2nd dose {date}" },
  dose2General: {
    ko: "2회 접종 백신은 2차 접종도 같은 접종기관에서 1차 접종과 가장 가까운 시각으로 함께 예약됩니다.",
    en: "For a two-dose vaccine, the second dose is booked together, at the same clinic, at the time nearest the first.",
  },
  oneDose: { ko: "{name} · 1회 접종", en: "{name} · one dose" },
  twoDoses: { ko: "{name} · 2회 접종 ({days}일 간격)", en: "{name} · two doses, {days} days apart" },
  stepPerson: { ko: "3. 접종받는 분", en: "3. The person getting the vaccine" },
  personHint: {
    ko: "부모님 등 다른 분을 예약할 때는 내가 아니라 접종받는 분의 이름과 주민등록번호를 입력하세요. 대기열에 들어올 때 입력한 번호와 같아야 합니다.",
    en: "Booking for someone else, such as a parent? Enter their name and number, not yours: the number that joined the line.",
  },
  nameLabel: { ko: "접종받는 분 이름", en: "Name of the person getting the vaccine" },
  bookButton: { ko: "이 시간으로 예약하기", en: "Book this time" },
  booking: { ko: "예약하는 중…", en: "Booking…" },
  loading: { ko: "불러오는 중…", en: "Loading…" },
  noSlots: { ko: "조건에 맞는 예약 가능한 시간이 없습니다.", en: "No open times match." },
  notYourTurn: { ko: "아직 차례가 아닙니다. 대기 화면으로 돌아갑니다.", en: "It is not your turn yet. Going back to the queue." },
  slotLabel: { ko: "접종기관과 시간", en: "Clinic and time" },
  chooseTimeOption: { ko: "시간을 선택하세요", en: "Choose a time" },
  chooseSlot: { ko: "접종기관과 시간을 선택해 주세요.", en: "Please choose a clinic and a time." },
  enterName: { ko: "접종받는 분의 이름을 입력해 주세요.", en: "Please enter the name of the person getting the vaccine." },
  idNotQueued: {
    ko: "이 주민등록번호는 이 순번으로 대기열에 들어올 때 입력한 번호가 아닙니다. 대기열에 들어온 분의 번호를 입력하세요.",
    en: "This is not the number that joined the line for this place. Enter the number of the person who joined.",
  },

  doneTitle: { ko: "예약 완료", en: "Booking confirmed" },
  doneHeading: { ko: "예약이 완료되었습니다", en: "Your booking is confirmed" },
  fieldName: { ko: "이름", en: "Name" },
  fieldClinic: { ko: "접종기관", en: "Clinic" },
  fieldAddress: { ko: "주소", en: "Address" },
  fieldWhen: { ko: "접종 일시", en: "Date and time" },
  fieldVaccine: { ko: "백신", en: "Vaccine" },
  fieldDose2: { ko: "2차 접종 일시", en: "Second dose" },
  fieldBookingCode: { ko: "예약 번호", en: "Booking code" },
  bookingCodeNote: {
    ko: "예약 번호와 주민등록번호만 있으면 다른 휴대전화나 컴퓨터에서도, 전화 상담원과도 이 예약을 찾을 수 있습니다. 가족에게 알려 주셔도 됩니다.",
    en: "With the booking code and the ID number, this booking can be found on any other phone or computer, or by the call centre. You can pass it on to your family.",
  },
  fieldBookingId: { ko: "시스템 참조:", en: "System reference:" },
  qrCaption: { ko: "접종기관에서 이 QR 코드를 보여 주세요.", en: "Show this QR code at the clinic." },
  keepReceipt: {
    ko: "이 화면을 캡처하거나 인쇄해 두세요. 예약 내용은 예약 확인 화면에서 언제든 다시 볼 수 있습니다.",
    en: "Take a screenshot or print this page. You can see your booking again at any time on the booking page.",
  },
  manageLink: { ko: "예약 확인 · 취소 · 변경", en: "View, cancel or change this booking" },
  noReceipt: {
    ko: "이 기기에 저장된 예약이 없습니다. 예약 번호와 주민등록번호로 예약을 찾거나, 예약한 기기에서 열거나, {phone}번으로 전화해 확인하세요.",
    en: "No booking is saved on this device. Find it with its booking code and the ID number, open this page on the device you booked with, or call {phone}.",
  },
  findHomeLink: {
    ko: "이미 예약하셨나요? 예약 번호로 예약 확인하기",
    en: "Already booked? Find your booking with its booking code",
  },
  findLink: { ko: "예약 확인하기", en: "Find your booking" },
  findTitle: { ko: "예약 확인하기", en: "Find your booking" },
  findIntro: {
    ko: "예약할 때 받은 예약 번호(예: K7QM-2XRP)와 접종받는 분의 주민등록번호를 넣으면, 이 기기에서도 예약을 보고 변경하거나 취소할 수 있습니다.",
    en: "Enter the booking code you were given (e.g. K7QM-2XRP) and the ID number of the person getting the vaccine, and you can see, change or cancel the booking on this device too.",
  },
  findCodeLabel: { ko: "예약 번호", en: "Booking code" },
  findCodeHint: {
    ko: "영문 대문자와 숫자 8자리입니다. 소문자, 띄어쓰기, 줄표(-)는 그대로 넣어도 됩니다.",
    en: "8 letters and digits. Small letters, spaces and dashes are fine.",
  },
  findCodeProblem: {
    ko: "예약 번호는 영문과 숫자 8자리입니다 (예: K7QM-2XRP). 숫자 0과 1, 영문 O, I, L은 쓰이지 않습니다.",
    en: "A booking code is 8 letters and digits (e.g. K7QM-2XRP). It never uses 0, 1, O, I or L.",
  },
  findIdHint: {
    ko: "접종받는 분의 13자리 번호 (예: 680315-1234567). 번호는 저장되지 않으며, 예약을 찾는 데에만 쓰입니다.",
    en: "The 13 digits of the person getting the vaccine, e.g. 680315-1234567. The number is not stored; it is only used to find the booking.",
  },
  findButton: { ko: "예약 찾기", en: "Find the booking" },
  finding: { ko: "찾는 중…", en: "Looking…" },
  findPhone: {
    ko: "예약 번호를 모르면 {phone}번으로 전화하세요. 상담원이 주민등록번호로 찾아 드립니다.",
    en: "If you do not know the booking code, call {phone}: an agent can find it with the ID number.",
  },
  manageTitle: { ko: "예약 확인", en: "Your booking" },
  holderCheckHeading: { ko: "변경하거나 취소하려면 본인 확인", en: "To change or cancel, confirm it is you" },
  changeHeading: { ko: "날짜·시간 변경", en: "Change the date or time" },
  changeButton: { ko: "이 시간으로 변경하기", en: "Move to this time" },
  changing: { ko: "변경하는 중…", en: "Changing…" },
  changed: { ko: "예약이 변경되었습니다. 새 QR 코드를 보여 주세요.", en: "Your booking was moved. Show the new QR code." },
  cancelHeading: { ko: "예약 취소", en: "Cancel the booking" },
  cancelText: {
    ko: "취소하면 1차·2차 접종 자리가 모두 다른 분께 돌아가고, 대기 순번도 없어집니다. 다시 예약하려면 대기열에 다시 들어와 맨 뒤 순번을 받습니다. 시간만 바꾸려면 취소하지 말고 위에서 날짜·시간을 변경하세요. 예약이 그대로 유지됩니다.",
    en: "Cancelling gives the seats of both doses to others and gives up your place in the line. To book again you join the line again, at the back. To change only the time, do not cancel: change the date or time above, and your booking is kept.",
  },
  cancelButton: { ko: "예약 취소하기", en: "Cancel this booking" },
  cancelConfirm: { ko: "정말 취소합니다", en: "Yes, cancel it" },
  cancelled: { ko: "예약이 취소되었습니다.", en: "Your booking is cancelled." },
  needsJs: {
    ko: "이 화면은 자바스크립트가 필요합니다. {phone}번으로 전화해도 예약을 확인·변경·취소할 수 있습니다.",
    en: "This page needs JavaScript. You can also view, change or cancel your booking by calling {phone}.",
  },
  changeByPhone: {
    ko: "자바스크립트 없이는 이 화면에서 예약을 바꾸거나 취소할 수 없습니다. {phone}번으로 전화해 예약 번호를 알려 주시면 바꾸거나 취소해 드립니다.",
    en: "Without JavaScript, this page cannot change or cancel a booking. Call {phone} and give your booking code: they can change or cancel it for you.",
  },
  statusActive: { ko: "예약 확정", en: "Booked" },
  statusCancelled: { ko: "취소됨", en: "Cancelled" },
  statusNeedsReschedule: { ko: "새 시간 선택 필요", en: "Choose a new time" },
  headingCancelled: { ko: "취소된 예약입니다", en: "This booking is cancelled" },
  headingNeedsReschedule: { ko: "새 접종 시간을 골라 주세요", en: "Please choose a new time" },
  noteCancelled: {
    ko: "이 예약은 취소되어 접종기관에서 쓸 수 없습니다. 다시 예약하려면 대기열에 다시 들어오세요. 맨 뒤 순번을 받습니다.",
    en: "This booking is cancelled and cannot be used at the clinic. To book again, join the line again; you get a place at the back.",
  },
  noteNeedsReschedule: {
    ko: "접종기관 사정으로 이 시간에 접종할 수 없게 되었습니다. 예약은 그대로 남아 있으니, 대기 없이 새 시간을 고르세요.",
    en: "The clinic can no longer give this time. Your booking is kept: choose a new time, with no queue.",
  },
  chooseNewTime: { ko: "새 시간 고르기", en: "Choose a new time" },
  statusChecking: { ko: "현재 상태를 확인하는 중…", en: "Checking where this booking stands…" },
  statusUnchecked: {
    ko: "지금은 현재 상태를 확인할 수 없습니다. 아래는 이 기기에 저장된 내용입니다.",
    en: "We cannot check this booking right now. Below is what this device saved.",
  },
} as const satisfies Record<string, Record<Lang, string>>;

/** A sentence key. */
export type TextKey = keyof typeof TEXT;

/** Every page sentence in one language. */
export type Strings = Record<TextKey, string>;

const byLang = (lang: Lang): Strings => Object.fromEntries(Object.entries(TEXT).map(([key, text]) => [key, text[lang]])) as Strings;
const STRINGS: Record<Lang, Strings> = { ko: byLang("ko"), en: byLang("en") };

/** The page sentences of a language. */
export function strings(lang: Lang): Strings {
  return STRINGS[lang];
}
